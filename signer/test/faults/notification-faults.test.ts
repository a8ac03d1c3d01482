import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterEach, describe, expect, it } from 'vitest'
import { formatGatewayTime } from '../../src/gateway/hk-time.js'
import { signPayload } from '../../src/gateway/sign.js'
import { type Fixture, startFixture, webhookEndpoint } from './fixture.js'

/**
 * Notifications dropped (the reconciler recovers them), duplicated and reordered, and the
 * merchant's webhook endpoint down for a while then up: each event is delivered, once, after
 * recovery.
 */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function fixture(options: Parameters<typeof startFixture>[0] = {}): Promise<Fixture> {
  const fx = await startFixture(options)
  cleanups.push(() => fx.close())
  return fx
}

/** Polls (bounded) until `check` holds; no fixed sleeps on a busy machine. */
async function eventually(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
) {
  const until = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Outbox events of one type for one session. */
async function events(fx: Fixture, type: string, sessionId: string): Promise<string[]> {
  const rows = await fx.db.query<{ id: string; payload: string }>(
    'SELECT id, payload FROM outbox WHERE type = ?',
    [type],
  )
  return rows
    .filter(
      (r) =>
        (JSON.parse(r.payload) as { data: { session: { id: string } } }).data.session.id ===
        sessionId,
    )
    .map((r) => r.id)
}

/** A notification as eftPay signs it (docs/protocol.md "Notification"), for a given trade status and time. */
function notification(
  payment: { out_trade_no: string; eft_trade_no: string },
  status: string,
  at: Date,
  amount = '88.00',
) {
  return signPayload(
    {
      notify_type: 'trade_status_sync',
      user_confirm_key: SANDBOX_USER_KEY,
      out_trade_no: payment.out_trade_no,
      eft_trade_no: payment.eft_trade_no,
      eftpay_trade_no: payment.eft_trade_no,
      total_fee: amount,
      currency: 'HKD',
      trade_status: status,
      wallet: 'ALIPAYHK',
      trade_type: 'SALE',
      time: formatGatewayTime(at),
    },
    SANDBOX_SECRET,
  )
}

async function notify(fx: Fixture, body: object): Promise<number> {
  const res = await fetch(`${fx.url}/v1/gateway/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  await res.arrayBuffer()
  return res.status
}

describe('notifications dropped, duplicated, reordered', () => {
  it('dropped: the session stays open until the reconciler queries eftPay, then it is paid', async () => {
    const fx = await fixture()
    const session = await fx.createSession()
    const { body: payment } = await fx.startPayment(session)
    await fx.faults({ notify: { drop: 1 } })
    await fx.press(payment.next_action.url, 'success')
    await fx.sandbox.idle()
    expect((await fx.session(session.id)).status).toBe('open')
    // Too recent to query yet; then past reconcileAfterSeconds.
    expect((await fx.service.reconcile()).paymentsQueried).toBe(0)
    fx.advance(31)
    expect(await fx.service.reconcile()).toMatchObject({ paymentsQueried: 1, paymentsChanged: 1 })
    expect((await fx.session(session.id)).status).toBe('paid')
    expect(await events(fx, 'session.paid', session.id)).toHaveLength(1)
  })

  it('duplicated: every attempt sent twice, applied once', async () => {
    const fx = await fixture()
    const session = await fx.createSession()
    const { body: payment } = await fx.startPayment(session)
    await fx.faults({ notify: { duplicate: true, count: 1 } })
    await fx.press(payment.next_action.url, 'success')
    await fx.sandbox.idle()
    const after = await fx.session(session.id)
    expect(after).toMatchObject({ status: 'paid', amount_paid: '88.00' })
    const stored = await fx.db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM notifications WHERE out_trade_no = ?',
      [payment.out_trade_no],
    )
    expect(Number(stored[0]?.n)).toBeGreaterThanOrEqual(1)
    expect(await events(fx, 'session.paid', session.id)).toHaveLength(1)
    expect(await events(fx, 'payment.succeeded', session.id)).toHaveLength(1)
    expect(fx.notifyCalls()).toBe(2)
  })

  it('reordered: a late PROCESSING or FAIL after SUCCESS changes nothing; SUCCESS after FAIL wins', async () => {
    const fx = await fixture()
    const base = Date.now()
    const a = await fx.createSession()
    const { body: pa } = await fx.startPayment(a)
    expect(await notify(fx, notification(pa as never, 'TRADE_SUCCESS', new Date(base)))).toBe(200)
    expect(
      await notify(fx, notification(pa as never, 'TRADE_PROCESSING', new Date(base - 5000))),
    ).toBe(200)
    expect(await notify(fx, notification(pa as never, 'TRADE_FAIL', new Date(base - 4000)))).toBe(
      200,
    )
    expect(await fx.session(a.id)).toMatchObject({ status: 'paid', amount_paid: '88.00' })
    expect((await fx.session(a.id)).payments[0].status).toBe('succeeded')

    const b = await fx.createSession()
    const { body: pb } = await fx.startPayment(b)
    expect(await notify(fx, notification(pb as never, 'TRADE_FAIL', new Date(base)))).toBe(200)
    expect((await fx.session(b.id)).payments[0].status).toBe('failed')
    expect(
      await notify(fx, notification(pb as never, 'TRADE_SUCCESS', new Date(base - 3000))),
    ).toBe(200)
    expect(await fx.session(b.id)).toMatchObject({ status: 'paid', amount_paid: '88.00' })
    for (const s of [a, b]) expect(await events(fx, 'session.paid', s.id)).toHaveLength(1)
  })

  it('a forged or mismatched notification is refused or not applied', async () => {
    const fx = await fixture()
    const session = await fx.createSession()
    const { body: payment } = await fx.startPayment(session)
    const good = notification(payment as never, 'TRADE_SUCCESS', new Date())
    expect(await notify(fx, { ...good, trade_status: 'TRADE_SUCCESS', total_fee: '0.01' })).toBe(
      400,
    ) // signed field changed
    expect(
      await notify(fx, { ...good, sign: good.sign?.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) }),
    ).toBe(400)
    expect(
      await notify(fx, notification(payment as never, 'TRADE_SUCCESS', new Date(), '0.01')),
    ).toBe(200) // signed, wrong amount: stored only
    expect((await fx.session(session.id)).status).toBe('open')
  })
})

describe('one signed payload, padded', () => {
  it('300 variants with extra empty-valued fields: one stored row, of the signed fields only', async () => {
    const fx = await fixture()
    const session = await fx.createSession()
    const { body: payment } = await fx.startPayment(session)
    // What a shopper holds after paying once: eftPay's signed word (the result page carries it).
    const signed = notification(payment as never, 'TRADE_SUCCESS', new Date())
    // Empty values are left out of the signed string (docs/protocol.md "Signature"), so each
    // variant still verifies; a long empty-valued key makes each one about 40 kB.
    const padded = (i: number) => ({ ...signed, [`pad_${i}_${'x'.repeat(40_000)}`]: '' })
    const statuses: number[] = []
    for (let start = 0; start < 300; start += 10) {
      const batch = Array.from({ length: 10 }, (_, k) => notify(fx, padded(start + k)))
      statuses.push(...(await Promise.all(batch)))
    }
    expect(new Set(statuses)).toEqual(new Set([200])) // eftPay's own words, so acknowledged
    const rows = await fx.db.query<{ payload: string }>(
      'SELECT payload FROM notifications WHERE out_trade_no = ?',
      [payment.out_trade_no],
    )
    expect(rows).toHaveLength(1)
    // The signed fields and their signature, nothing the sender added.
    expect(JSON.parse(rows[0]?.payload as string)).toEqual(signed)
    const all = await fx.db.query<{ payload: string }>('SELECT payload FROM notifications')
    expect(all.reduce((bytes, row) => bytes + row.payload.length, 0)).toBeLessThan(2_000)
    expect(await fx.session(session.id)).toMatchObject({ status: 'paid', amount_paid: '88.00' })
    expect(await events(fx, 'session.paid', session.id)).toHaveLength(1)
  })
})

describe('merchant webhook endpoint down, then up', () => {
  it('delivers every event once after recovery', async () => {
    const endpoint = await webhookEndpoint()
    cleanups.push(endpoint.close)
    endpoint.setUp(false)
    const fx = await fixture({ webhookUrl: endpoint.url })
    const sessions = [await fx.createSession(), await fx.createSession(), await fx.createSession()]
    for (const [i, s] of sessions.entries()) {
      const { body: p } = await fx.startPayment(s)
      await fx.press(p.next_action.url, i === 2 ? 'fail' : 'success')
    }
    await fx.sandbox.idle()
    // Two paid sessions (payment.succeeded + session.paid each) and one failed payment.
    const expected = 5
    await eventually(
      async () =>
        Number((await fx.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM outbox'))[0]?.n) ===
        expected,
      'events written',
    )
    await eventually(() => endpoint.calls() >= expected * 2, 'retries while down')
    expect(endpoint.accepted).toHaveLength(0)

    endpoint.setUp(true)
    await eventually(async () => {
      const rows = await fx.db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM outbox WHERE status = 'delivered'",
      )
      return Number(rows[0]?.n) === expected
    }, 'every event delivered')
    const ids = endpoint.accepted.map((e) => e.id)
    expect(new Set(ids).size).toBe(expected)
    expect(ids).toHaveLength(expected) // once each
    expect(endpoint.accepted.map((e) => e.type).sort()).toEqual([
      'payment.failed',
      'payment.succeeded',
      'payment.succeeded',
      'session.paid',
      'session.paid',
    ])
    // And nothing more arrives later.
    const calls = endpoint.calls()
    await new Promise((r) => setTimeout(r, 300))
    expect(endpoint.calls()).toBe(calls)
  })
})
