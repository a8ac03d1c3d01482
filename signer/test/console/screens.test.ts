import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  API_KEY,
  choose,
  createSession,
  eventually,
  getSession,
  type SessionJson,
  startPayment,
  webhookReceiver,
} from '../integration/harness.js'
import { type ConsolePage, enrolled, startConsoleSigner } from './harness.js'

/**
 * The console screens' API over real HTTP against a sandbox signer: the Payments list and its
 * search, the detail's timeline (never a secret), webhooks with resend, the export and summary,
 * settings and its checks, each change audited and each parameter refused by name.
 */

const WEBHOOK_SECRET = 'whsec_screens_0123456789abcdef0123'
let running: Awaited<ReturnType<typeof startConsoleSigner>>
let receiver: Awaited<ReturnType<typeof webhookReceiver>>
let owner: ConsolePage
let staff: ConsolePage
let paid: SessionJson

beforeAll(async () => {
  receiver = await webhookReceiver()
  running = await startConsoleSigner({
    env: { MERCHANT_WEBHOOK_URL: receiver.url, MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET },
  })
  owner = await enrolled(running.signer, 'owner')
  staff = await enrolled(running.signer, 'staff')
  const session = await createSession(running.signer, { reference: 'order-7788', amount: '88.00' })
  const { payment } = await startPayment(running.signer, session, 'ALIPAYHK')
  await choose(payment.next_action?.url ?? '', 'success')
  await running.signer.sandbox?.idle()
  paid = await getSession(running.signer, session.id)
  expect(paid.status).toBe('paid')
})
afterAll(async () => {
  await running.stop()
  await receiver.close()
})

type List = { data: Array<Record<string, unknown>>; has_more: boolean; next_cursor: string | null }
type Failure = { error: { code: string; param?: string; message: string } }

describe('Payments', () => {
  it("finds a session by the merchant's reference, with its payments, and no client secret", async () => {
    const answer = await staff.call<List>('GET', '/console/api/payments?q=order-7788')
    expect(answer.status).toBe(200)
    expect(answer.body.data.map((s) => s.id)).toEqual([paid.id])
    expect(answer.body.data[0]).not.toHaveProperty('client_secret')
    expect(JSON.stringify(answer.body)).not.toContain(paid.client_secret)
  })

  it('pages newest first with a cursor and filters by status and wallet', async () => {
    await createSession(running.signer, { amount: '1.00' })
    const first = await owner.call<List>('GET', '/console/api/payments?limit=1')
    expect(first.body.has_more).toBe(true)
    const next = await owner.call<List>(
      'GET',
      `/console/api/payments?limit=1&cursor=${encodeURIComponent(first.body.next_cursor ?? '')}`,
    )
    expect(next.body.data[0]?.id).toBe(paid.id)
    const open = await owner.call<List>('GET', '/console/api/payments?status=paid&wallet=ALIPAYHK')
    expect(open.body.data.map((s) => s.id)).toContain(paid.id)
  })

  it('refuses a bad filter by its field name', async () => {
    const bad = await owner.call<Failure>('GET', '/console/api/payments?wallet=CASH')
    expect(bad.status).toBe(400)
    expect(bad.body.error.param).toBe('wallet')
    const unknown = await owner.call<Failure>('GET', '/console/api/payments?sort=amount')
    expect(unknown.body.error.param).toBe('sort')
  })

  it('is refused without a session', async () => {
    const answer = await owner.fresh().call<Failure>('GET', '/console/api/payments')
    expect(answer.status).toBe(401)
  })
})

describe('payment detail', () => {
  it('tells the timeline and what is left to refund, and never a secret', async () => {
    await eventually(async () => (receiver.received.length > 0 ? true : undefined))
    const answer = await staff.call<{
      session: Record<string, unknown>
      refundable: Record<string, string>
      timeline: Array<{ kind: string; facts: Record<string, string> }>
    }>('GET', `/console/api/payments/${paid.id}`)
    expect(answer.status).toBe(200)
    const kinds = answer.body.timeline.map((e) => e.kind)
    expect(kinds).toEqual(
      expect.arrayContaining([
        'session.created',
        'payment.started',
        'gateway.notification',
        'webhook',
      ]),
    )
    const paymentId = paid.payments[0]?.id ?? ''
    expect(answer.body.refundable).toEqual({ [paymentId]: '88.00' })
    const text = JSON.stringify(answer.body)
    for (const secret of [paid.client_secret, API_KEY, WEBHOOK_SECRET])
      expect(text).not.toContain(secret)
    // The sandbox's eftPay secret and any signature field.
    expect(text).not.toMatch(/"sign"|secret/i)
  })

  it('refuses an id that is not a session id, naming it', async () => {
    const answer = await owner.call<Failure>('GET', '/console/api/payments/py_123')
    expect(answer.status).toBe(400)
    expect(answer.body.error.param).toBe('id')
  })

  it('asks eftPay again for a payment, and the audit log says who', async () => {
    const paymentId = paid.payments[0]?.id ?? ''
    const answer = await staff.call<{ status: string }>(
      'POST',
      `/console/api/payments/refresh/${paymentId}`,
    )
    expect(answer.status).toBe(200)
    expect(answer.body.status).toBe('succeeded')
    const log = await owner.call<{ data: Array<{ action: string; user_name: string }> }>(
      'GET',
      '/console/api/audit',
    )
    expect(log.body.data[0]).toMatchObject({ action: 'payment.refreshed', user_name: 'Sam Staff' })
  })
})

describe('Needs attention', () => {
  it('lists nothing flagged, and a resolve of an unflagged payment changes nothing', async () => {
    const list = await staff.call<{ payments: unknown[]; refunds: unknown[] }>(
      'GET',
      '/console/api/attention',
    )
    expect(list.body).toMatchObject({ payments: [], refunds: [] })
    const paymentId = paid.payments[0]?.id ?? ''
    const resolve = await owner.call<Failure>('POST', '/console/api/attention/resolve', {
      object: 'payment',
      id: paymentId,
      note: 'checked in the eftPay portal',
    })
    expect(resolve.status).toBe(409)
    expect(resolve.body.error.code).toBe('attention_not_flagged')
  })

  it('needs a note and refuses a name of its own (who is the signed-in user)', async () => {
    const paymentId = paid.payments[0]?.id ?? ''
    const noNote = await owner.call<Failure>('POST', '/console/api/attention/resolve', {
      object: 'payment',
      id: paymentId,
      note: '  ',
    })
    expect(noNote.body.error.param).toBe('note')
    const named = await owner.call<Failure>('POST', '/console/api/attention/resolve', {
      object: 'payment',
      id: paymentId,
      note: 'ok',
      resolved_by: 'someone else',
    })
    expect(named.body.error.param).toBe('resolved_by')
  })
})

describe('Webhooks', () => {
  it('lists deliveries, says the endpoint is healthy, and resends one (audited)', async () => {
    const events = await eventually(async () => {
      const list = await staff.call<List>('GET', `/console/api/webhooks?session_id=${paid.id}`)
      return list.body.data.some((e) => e.delivery === 'delivered') ? list.body.data : undefined
    })
    const health = await staff.call<Record<string, unknown>>('GET', '/console/api/webhooks/health')
    expect(health.body).toMatchObject({ healthy: true, failing: 0 })
    expect(health.body.endpoint).toBe(new URL(receiver.url).origin)
    const before = receiver.received.length
    const event = events[0] as { id: string }
    const resent = await staff.call<{ delivery: string }>(
      'POST',
      `/console/api/webhooks/${event.id}/resend`,
    )
    expect(resent.status).toBe(200)
    expect(resent.body.delivery).toBe('pending')
    await eventually(() => (receiver.received.length > before ? true : undefined))
    const log = await owner.call<{ data: Array<{ action: string }> }>('GET', '/console/api/audit')
    expect(log.body.data[0]?.action).toBe('webhook.resent')
  })

  it('refuses a resend without the CSRF token', async () => {
    const answer = await staff.call(
      'POST',
      '/console/api/webhooks/ev_0123456789/resend',
      undefined,
      {
        'X-CSRF-Token': 'wrong',
      },
    )
    expect(answer.status).toBe(403)
  })
})

describe('Export and summary', () => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

  it('streams the CSV whose succeeded rows add up to the summary', async () => {
    const csv = await owner.call<string>(
      'GET',
      `/console/api/reports/transactions.csv?from=${today}&to=${today}`,
    )
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/)
    const rows = csv.body.trim().split('\r\n')
    expect(rows[0]).toMatch(/^"?created_at_hk/)
    expect(csv.body).toContain(paid.id)
    const summary = await owner.call<{ totals: Array<{ gross: string; net: string }> }>(
      'GET',
      `/console/api/reports/summary?from=${today}&to=${today}`,
    )
    expect(summary.body.totals[0]).toMatchObject({ gross: '88.00', net: '88.00' })
  })

  it('refuses a range that ends before it starts, naming `to`', async () => {
    const answer = await owner.call<Failure>(
      'GET',
      '/console/api/reports/summary?from=2026-12-02&to=2026-12-01',
    )
    expect(answer.status).toBe(400)
    expect(answer.body.error.param).toBe('to')
  })
})

describe('Settings', () => {
  it('shows mode, wallets, URLs and no secret', async () => {
    const answer = await staff.call<Record<string, unknown>>('GET', '/console/api/settings')
    expect(answer.body).toMatchObject({ mode: 'sandbox', last_check: null })
    expect(answer.body.wallets).toContain('ALIPAYHK')
    expect(JSON.stringify(answer.body)).not.toMatch(/secret|sk_/i)
  })

  it('runs the checks that place no order for an owner only', async () => {
    const refused = await staff.call<Failure>('POST', '/console/api/settings/check')
    expect(refused.status).toBe(403)
    const ran = await owner.call<{ ok: boolean; lines: Array<{ id: string }> }>(
      'POST',
      '/console/api/settings/check',
    )
    expect(ran.status).toBe(200)
    expect(ran.body.lines.map((l) => l.id)).toContain('gateway.reachable')
    expect(ran.body.lines.some((l) => l.id.startsWith('wallet.'))).toBe(false)
    const shown = await staff.call<{ last_check: { ok: boolean } }>('GET', '/console/api/settings')
    expect(shown.body.last_check.ok).toBe(ran.body.ok)
  })
})
