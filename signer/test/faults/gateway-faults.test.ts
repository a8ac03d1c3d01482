import { afterEach, describe, expect, it } from 'vitest'
import { type Fixture, GATEWAY_TIMEOUT_MS, startFixture } from './fixture.js'

/**
 * The gateway misbehaves while the widget starts a payment: slower than the timeout,
 * 5xx, malformed JSON, a reply with a wrong signature. Each time the widget's request gets a typed
 * error that says whether to retry (docs/api.md "Errors"); nothing is marked paid without a
 * verified signal; and retrying never makes a second gateway order for the same attempt: every
 * order the sandbox holds belongs to exactly one payment the signer knows.
 */

let fx: Fixture
afterEach(async () => {
  await fx?.close()
})

/** Every PreOrder number that reached the sandbox and exists there maps to one signer payment. */
async function expectOneOrderPerAttempt(fx: Fixture, sessionId: string) {
  const payments = (await fx.session(sessionId)).payments as Array<{
    out_trade_no: string
    status: string
  }>
  const numbers = payments.map((p) => p.out_trade_no)
  // An empty list would make every check below vacuous.
  expect(numbers.length).toBeGreaterThan(0)
  expect(fx.preOrders.length).toBeGreaterThan(0)
  expect(new Set(numbers).size).toBe(numbers.length)
  const existing: string[] = []
  for (const n of new Set(fx.preOrders)) if (await fx.sandboxHas(n)) existing.push(n)
  expect(existing.length).toBeGreaterThan(0)
  expect(existing.sort()).toEqual([...numbers].filter((n) => existing.includes(n)).sort())
  for (const n of existing) expect(numbers).toContain(n)
  return payments
}

describe('gateway faults on starting a payment', () => {
  const cases = [
    {
      name: 'slower than the timeout',
      fault: { latency_ms: GATEWAY_TIMEOUT_MS * 4, count: 1 },
      status: 504,
      code: 'gateway_timeout',
      processed: true,
    },
    {
      name: 'HTTP 503',
      fault: { http_status: 503, count: 1 },
      status: 502,
      code: 'gateway_unavailable',
      processed: false,
    },
    {
      name: 'HTTP 500',
      fault: { http_status: 500, count: 1 },
      status: 502,
      code: 'gateway_unavailable',
      processed: false,
    },
    {
      name: 'malformed JSON',
      fault: { malformed_json: true, count: 1 },
      status: 502,
      code: 'gateway_bad_reply',
      processed: true,
    },
    {
      name: 'a wrong signature',
      fault: { wrong_signature: true, count: 1 },
      status: 502,
      code: 'gateway_signature',
      processed: true,
    },
  ] as const

  for (const c of cases) {
    it(`${c.name}: a typed retryable error, then one order per attempt on retry`, async () => {
      fx = await startFixture()
      const session = await fx.createSession()
      await fx.faults({ ...c.fault, servlet: 'JSAPIService.do' })
      const failed = await fx.startPayment(session)
      expect(failed.status).toBe(c.status)
      expect(failed.body.error).toMatchObject({
        type: 'gateway_error',
        code: c.code,
        retryable: true,
      })
      expect(failed.body.error.message).toMatch(/again/i)
      // The reply was not trusted: nothing paid, no pay link handed out.
      expect(JSON.stringify(failed.body)).not.toContain('/pay/')
      const after = await fx.session(session.id)
      expect(after.status).toBe('open')
      expect(after.payments.every((p: { status: string }) => p.status === 'pending')).toBe(true)
      // Whether eftPay kept the order depends on the fault: a 5xx is refused before processing.
      expect(await fx.sandboxHas(fx.preOrders[0] as string)).toBe(c.processed)

      // The widget retries the same request (the fault was for one call only).
      const retried = await fx.startPayment(session)
      expect([200, 201]).toContain(retried.status)
      expect(retried.body.next_action?.url).toContain('/pay/')
      const payments = await expectOneOrderPerAttempt(fx, session.id)
      if (!c.processed) {
        // Unknown to eftPay: the same order number was sent again, so still one payment.
        expect(payments).toHaveLength(1)
        expect(retried.body.out_trade_no).toBe(fx.preOrders[0])
      }
      // A third request answers the same pending payment: no new order.
      const third = await fx.startPayment(session)
      expect(third.status).toBe(200)
      expect(third.body.id).toBe(retried.body.id)
      expect(new Set(fx.preOrders).size).toBe(payments.length)
    })
  }

  it('the test helper reads only "no such order" as absent, never a broken query', async () => {
    fx = await startFixture()
    const session = await fx.createSession()
    const started = await fx.startPayment(session)
    expect(started.status).toBe(201)
    expect(await fx.sandboxHas(started.body.out_trade_no)).toBe(true)
    expect(await fx.sandboxHas('NEVER-PLACED-0001')).toBe(false)
    await fx.faults({ wrong_signature: true, servlet: 'QRcodeTradeQuery.do', count: 1 })
    await expect(fx.sandboxHas('NEVER-PLACED-0001')).rejects.toThrow()
  })

  it('a double click during a slow gateway makes one order, not two', async () => {
    fx = await startFixture()
    const session = await fx.createSession()
    await fx.faults({ latency_ms: GATEWAY_TIMEOUT_MS / 2, count: 1 })
    const [a, b] = await Promise.all([fx.startPayment(session), fx.startPayment(session)])
    expect([a.status, b.status].sort()).toEqual([200, 201])
    expect(a.body.id).toBe(b.body.id)
    expect(fx.preOrders).toHaveLength(1)
  })

  it('a gateway refusal is final and not retryable', async () => {
    fx = await startFixture()
    const session = await fx.createSession('0.44') // PayMe UAT .44: PreOrder refused (96)
    const res = await fx.startPayment(session, 'PAYME')
    expect(res.status).toBe(502)
    expect(res.body.error).toMatchObject({ code: 'gateway_rejected', retryable: false })
    expect((await fx.session(session.id)).payments[0]?.status).toBe('failed')
  })
})

describe('no payment is marked paid without a verified signal', () => {
  it('a paid order stays pending while every query reply is badly signed, and is paid once one verifies', async () => {
    fx = await startFixture()
    const session = await fx.createSession()
    const started = await fx.startPayment(session)
    expect(started.status).toBe(201)
    await fx.faults({ notify: { drop: 1 } })
    await fx.press(started.body.next_action.url, 'success')
    await fx.faults({ wrong_signature: true, servlet: 'QRcodeTradeQuery.do' })
    fx.advance(60)
    await fx.service.reconcile()
    expect((await fx.session(session.id)).payments[0]?.status).toBe('pending')
    // The return from the pay page is advisory: a forged "paid" return changes nothing either.
    const forged = await fetch(
      `${fx.url}/v1/gateway/return/${session.id}?out_trade_no=${started.body.out_trade_no}&trade_status=TRADE_SUCCESS&sign=${'0'.repeat(64)}`,
      { redirect: 'manual' },
    )
    expect(forged.status).toBe(303)
    expect((await fx.session(session.id)).status).toBe('open')

    await fx.clearFaults()
    fx.advance(60)
    await fx.service.reconcile()
    const paid = await fx.session(session.id)
    expect(paid.status).toBe('paid')
    expect(paid.payments[0]?.status).toBe('succeeded')
  })

  it('a malformed query reply is not taken as an answer', async () => {
    fx = await startFixture()
    const session = await fx.createSession()
    const started = await fx.startPayment(session)
    await fx.faults({ notify: { drop: 1 } })
    await fx.press(started.body.next_action.url, 'success')
    await fx.faults({ malformed_json: true, servlet: 'QRcodeTradeQuery.do' })
    fx.advance(60)
    await fx.service.reconcile()
    expect((await fx.session(session.id)).status).toBe('open')
  })
})
