import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paymentList, refundList, sessionList } from '../../src/contract/lists.js'
import {
  choose,
  createSession,
  eventually,
  getSession,
  type SessionJson,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * The merchant lists over real HTTP on a real store (docs/api.md "Lists and cursors"): newest
 * first, pages by cursor that neither skip nor repeat, filters, the exact-match search and the 400s
 * naming the field.
 */

let signer: TestSigner
const tmp = tempDir()
const sessions: SessionJson[] = []
let paid: SessionJson

beforeAll(async () => {
  signer = await startTestSigner({ dbFile: `${tmp.dir}/lists.db` })
  for (const [i, amount] of ['128.00', '12.50', '128.00', '33.30', '7.00'].entries()) {
    sessions.push(await createSession(signer, { amount, reference: `order-${i}` }))
  }
  // The third is paid with Alipay HK through the sandbox; the fifth has a pending Octopus payment.
  const { payment } = await startPayment(signer, sessions[2] as SessionJson, 'ALIPAYHK')
  await (await choose(payment.next_action?.url as string, 'success')).arrayBuffer()
  paid = await eventually(async () => {
    const s = await getSession(signer, (sessions[2] as SessionJson).id)
    return s.status === 'paid' ? s : undefined
  })
  await startPayment(signer, sessions[4] as SessionJson, 'OCT')
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

const get = async (path: string) => {
  const res = await signer.api(path)
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
const listIds = async (path: string) => {
  const { status, body } = await get(path)
  expect(status).toBe(200)
  return sessionList.parse(body).data.map((s) => s.id)
}

describe('GET /v1/sessions', () => {
  it('lists newest first with payments and refunds, page by page without gaps or repeats', async () => {
    const newestFirst = sessions.map((s) => s.id).reverse()
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const { status, body } = await get(
        `/v1/sessions?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      expect(status).toBe(200)
      const page = sessionList.parse(body)
      seen.push(...page.data.map((s) => s.id))
      expect(page.has_more).toBe(page.next_cursor !== null)
      cursor = page.next_cursor
      pages += 1
    } while (cursor)
    expect(seen).toEqual(newestFirst)
    expect(pages).toBe(3)
    const first = sessionList.parse((await get('/v1/sessions')).body)
    expect(first.data.find((s) => s.id === paid.id)?.payments).toHaveLength(1)
  })

  it('filters by status, wallet and date range', async () => {
    expect(await listIds('/v1/sessions?status=paid')).toEqual([paid.id])
    expect(await listIds('/v1/sessions?wallet=OCT')).toEqual([sessions[4]?.id])
    const all = sessionList.parse((await get('/v1/sessions')).body).data
    const middle = all[2]?.created_at as string
    const before = await listIds(`/v1/sessions?created_lt=${encodeURIComponent(middle)}`)
    const from = await listIds(`/v1/sessions?created_gte=${encodeURIComponent(middle)}`)
    expect([...from, ...before].sort()).toEqual(sessions.map((s) => s.id).sort())
    expect(from).toContain(all[2]?.id)
  })

  it('finds by id, reference, payment id, out_trade_no, eftPay order number and amount', async () => {
    const payment = paid.payments[0]
    expect(payment?.eft_trade_no).toBeTruthy()
    for (const q of [
      paid.id,
      'order-2',
      payment?.id,
      payment?.out_trade_no,
      payment?.eft_trade_no,
    ]) {
      expect(await listIds(`/v1/sessions?q=${encodeURIComponent(q as string)}`)).toEqual([paid.id])
    }
    expect(await listIds('/v1/sessions?q=128')).toEqual([sessions[2]?.id, sessions[0]?.id])
    expect(await listIds('/v1/sessions?q=128.00&status=open')).toEqual([sessions[0]?.id])
    expect(await listIds('/v1/sessions?q=no-such-thing')).toEqual([])
  })

  it('refuses a tampered cursor, a bad limit, a bad date and an unknown parameter, naming the field', async () => {
    const { body } = await get('/v1/sessions?limit=1')
    const cursor = sessionList.parse(body).next_cursor as string
    const tampered = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`
    const paymentsCursor = paymentList.parse((await get('/v1/payments?limit=1')).body)
      .next_cursor as string
    for (const [query, param] of [
      [`cursor=${encodeURIComponent(tampered)}`, 'cursor'],
      [`cursor=${encodeURIComponent(paymentsCursor)}`, 'cursor'],
      ['cursor=abc', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['created_gte=yesterday', 'created_gte'],
      ['status=lost', 'status'],
      ['sort=amount', 'sort'],
    ]) {
      const res = await get(`/v1/sessions?${query}`)
      expect(res.status, query).toBe(400)
      expect((res.body.error as { param: string }).param, query).toBe(param)
    }
    expect((await signer.api('/v1/sessions', { key: false })).status).toBe(401)
  })
})

describe('GET /v1/payments and GET /v1/refunds', () => {
  it('lists payments newest first, filtered and searched', async () => {
    const { status, body } = await get('/v1/payments')
    expect(status).toBe(200)
    const all = paymentList.parse(body)
    expect(all.data.map((p) => p.wallet)).toEqual(['OCT', 'ALIPAYHK'])
    const only = async (query: string) =>
      paymentList.parse((await get(`/v1/payments?${query}`)).body).data.map((p) => p.wallet)
    expect(await only('status=succeeded')).toEqual(['ALIPAYHK'])
    expect(await only('wallet=OCT')).toEqual(['OCT'])
    expect(await only('q=order-2')).toEqual(['ALIPAYHK'])
    expect(await only(`q=${sessions[4]?.id}`)).toEqual(['OCT'])
    expect(await only('q=7.00')).toEqual(['OCT'])
  })

  it('lists refunds and finds them by the refund id and the session reference', async () => {
    const created = await signer.api('/v1/refunds', {
      method: 'POST',
      json: { session_id: paid.id, amount: '28.00', reason: 'one cup less' },
    })
    expect(created.status).toBe(201)
    const refund = (await created.json()) as { id: string }
    for (const q of ['', `?q=${refund.id}`, '?q=order-2', '?q=28.00']) {
      const { status, body } = await get(`/v1/refunds${q}`)
      expect(status, q).toBe(200)
      expect(refundList.parse(body).data.map((r) => r.id)).toEqual([refund.id])
    }
    expect(refundList.parse((await get('/v1/refunds?q=order-1')).body).data).toEqual([])
    expect((await get('/v1/refunds?wallet=OCT')).status).toBe(400)
  })
})
