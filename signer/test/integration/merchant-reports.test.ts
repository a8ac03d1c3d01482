import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportSummary } from '../../src/contract/lists.js'
import { toCents } from '../../src/money.js'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'
import { REPORT_BATCH } from '../../src/store/report-rows.js'
import { databaseUrlFor } from '../postgres/test-store.js'
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
 * The accountant's reports over real HTTP on a real store (docs/api.md "GET
 * /v1/reports/transactions.csv", "GET /v1/reports/summary"): one row per payment and refund, read
 * in batches without gaps, cells quoted and guarded against formulas, and a summary whose totals are
 * the CSV's succeeded rows.
 */

let signer: TestSigner
let db: Db
const tmp = tempDir()
const SEEDED = REPORT_BATCH + 37
/** A Hong Kong day in the past holding the seeded rows only. */
const SEED_DAY = '2026-03-10'

async function pay(overrides: Record<string, unknown>, wallet: string): Promise<SessionJson> {
  const session = await createSession(signer, overrides)
  const { payment } = await startPayment(signer, session, wallet)
  await (await choose(payment.next_action?.url as string, 'success')).arrayBuffer()
  return eventually(async () => {
    const s = await getSession(signer, session.id)
    return s.status === 'paid' ? s : undefined
  })
}

/** Rows straight into the store: more than one read batch, all on SEED_DAY (HK). */
async function seedMany(): Promise<void> {
  const base = Date.parse(`${SEED_DAY}T01:00:00+08:00`)
  await db.transaction(async (tx) => {
    for (let i = 0; i < SEEDED; i += 1) {
      const at = base + Math.floor(i / 3) // three rows share each millisecond: the keyset's ties
      const id = `cs_seed${String(i).padStart(13, '0')}`
      await tx.execute(
        `INSERT INTO sessions (id, client_secret, status, amount, currency, subject, reference, success_url, cancel_url,
           amount_paid, amount_refunded, expires_at, created_at, updated_at)
         VALUES (?, ?, 'paid', '1.00', 'HKD', 's', ?, 'https://shop.example/ok', 'https://shop.example/no', '1.00', '0.00', ?, ?, ?)`,
        [id, `${id}_secret`, `seed-${i}`, at, at, at],
      )
      await tx.execute(
        `INSERT INTO payments (id, session_id, wallet, service, pay_type, pay_scene, buyer_type, route_key, refund_service,
           out_trade_no, status, amount, currency, dispatch, expires_at, created_at, updated_at)
         VALUES (?, ?, 'OCT', 'x', 'x', 'x', 'x', 'x', 'x', ?, 'succeeded', '1.00', 'HKD', 'placed', ?, ?, ?)`,
        [`py_seed${String(i).padStart(13, '0')}`, id, `seed${i}`, at, at, at],
      )
    }
  })
}

/** A Hong Kong date `days` from today (the ranges around now span three days: no midnight flake). */
const hkDate = (days = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
const csv = async (query: string) => {
  const res = await signer.api(`/v1/reports/transactions.csv?${query}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  return res.text()
}
/** RFC 4180 lines → cells (enough for these: quoted cells hold no line breaks). */
const parse = (text: string) =>
  text
    .split('\r\n')
    .filter(Boolean)
    .map((line) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1] ?? '').slice(0, 13),
    )

let first: SessionJson
let second: SessionJson

beforeAll(async () => {
  const dbFile = `${tmp.dir}/reports.db`
  signer = await startTestSigner({ dbFile })
  db = await openDatabase(databaseUrlFor(dbFile))
  first = await pay({ amount: '128.00', reference: '=HYPERLINK("http://evil")' }, 'ALIPAYHK')
  second = await pay({ amount: '12.50', reference: 'order, "two"' }, 'WECHATHK')
  const refund = await signer.api('/v1/refunds', {
    method: 'POST',
    json: { session_id: first.id, amount: '28.00', reason: '-one cup less' },
  })
  const { id } = (await refund.json()) as { id: string }
  await eventually(async () => {
    const r = (await (await signer.api(`/v1/refunds/${id}`)).json()) as { status: string }
    return r.status === 'succeeded' || undefined
  })
  await seedMany()
})
afterAll(async () => {
  await db.close()
  await signer.close()
  tmp.remove()
})

describe('GET /v1/reports/transactions.csv', () => {
  it('has one row per payment and refund, quoted and guarded against formulas', async () => {
    const rows = parse(await csv(`from=${hkDate(-1)}&to=${hkDate(1)}`))
    expect(rows[0]).toEqual([
      'created_at_hk',
      'type',
      'session_id',
      'reference',
      'payment_id',
      'refund_id',
      'wallet',
      'eft_trade_no',
      'out_trade_no',
      'currency',
      'amount',
      'status',
      'refund_reason',
    ])
    const body = rows.slice(1)
    expect(body.map((r) => [r[1], r[2], r[10], r[11]])).toEqual([
      ['payment', first.id, '128.00', 'succeeded'],
      ['payment', second.id, '12.50', 'succeeded'],
      ['refund', first.id, '28.00', 'succeeded'],
    ])
    expect(body[0]?.[3]).toBe(`"'=HYPERLINK(""http://evil"")"`)
    expect(body[1]?.[3]).toBe('"order, ""two"""')
    expect(body[2]?.[12]).toBe("'-one cup less")
    expect(body[2]?.[6]).toBe('ALIPAYHK')
    expect(body[0]?.[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  })

  it('reads a range longer than one batch without gaps or repeats', async () => {
    const rows = parse(await csv(`from=${SEED_DAY}&to=${SEED_DAY}`)).slice(1)
    expect(rows).toHaveLength(SEEDED)
    expect(new Set(rows.map((r) => r[4])).size).toBe(SEEDED)
    expect(rows[0]?.[0]).toBe(`${SEED_DAY} 01:00:00`)
  })
})

describe('GET /v1/reports/summary', () => {
  it('sums succeeded money by day and wallet, equal to the CSV', async () => {
    const res = await signer.api(`/v1/reports/summary?from=${SEED_DAY}&to=${hkDate(1)}`)
    expect(res.status).toBe(200)
    const summary = reportSummary.parse(await res.json())
    expect(summary.days.find((d) => d.date !== SEED_DAY && d.wallet === 'ALIPAYHK')).toMatchObject({
      gross: '128.00',
      refunds: '28.00',
      net: '100.00',
    })
    expect(summary.days.find((d) => d.date === SEED_DAY)).toMatchObject({
      wallet: 'OCT',
      gross: `${SEEDED}.00`,
    })
    const rows = parse(await csv(`from=${SEED_DAY}&to=${hkDate(1)}`)).slice(1)
    const sum = (type: string) =>
      rows
        .filter((r) => r[1] === type && r[11] === 'succeeded')
        .reduce((total, r) => total + toCents(r[10] as string), 0n)
    const total = summary.totals.find((t) => t.currency === 'HKD')
    expect(toCents(total?.gross as string)).toBe(sum('payment'))
    expect(toCents(total?.refunds as string)).toBe(sum('refund'))
  })

  it('refuses a reversed, malformed or too long range, naming the field', async () => {
    for (const [query, param] of [
      ['from=2026-03-10&to=2026-03-09', 'to'],
      ['from=10/03/2026&to=2026-03-09', 'from'],
      ['from=2024-01-01&to=2026-01-01', 'to'],
      ['from=2026-03-10', 'to'],
    ]) {
      for (const path of ['summary', 'transactions.csv']) {
        const res = await signer.api(`/v1/reports/${path}?${query}`)
        expect(res.status, `${path}?${query}`).toBe(400)
        expect(((await res.json()) as { error: { param: string } }).error.param).toBe(param)
      }
    }
  })
})
