import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startReconciler } from '../../src/domain/reconcile.js'
import type { ReconcileReport } from '../../src/domain/types.js'
import { listEvents } from '../../src/webhooks/outbox.js'
import { type Harness, newSession, PHONE, startHarness, startPaying } from './harness.js'

const EMPTY_REPORT: ReconcileReport = {
  paymentsQueried: 0,
  paymentsChanged: 0,
  sessionsExpired: 0,
  refundsQueried: 0,
  refundsChanged: 0,
  paymentsFlagged: 0,
  refundsFlagged: 0,
}

describe('reconciler', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('recovers a dropped notification by querying once the payment is stale', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    await h.faults({ notify: { drop: 1 } })
    await h.pay(payment, 'success')
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
    // Too early: not queried yet.
    expect((await h.service.reconcile()).paymentsQueried).toBe(0)
    h.clock.advance(31)
    const report = await h.service.reconcile()
    expect(report).toMatchObject({ paymentsQueried: 1, paymentsChanged: 1 })
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
    // Not asked again right away, and nothing changes on the next pass.
    expect((await h.service.reconcile()).paymentsQueried).toBe(0)
  })

  it('expires payments past their active time and then the session past its lifetime', async () => {
    const session = await newSession(h, { expiresIn: 600 })
    const payment = await startPaying(h, session.id, 'PAYME')
    // active_time is capped by the session's remaining life.
    expect(payment.expiresAt.getTime()).toBeLessThanOrEqual(session.expiresAt.getTime())
    h.clock.advance(300)
    expect((await h.service.reconcile()).sessionsExpired).toBe(0)
    h.clock.advance(301)
    const report = await h.service.reconcile()
    expect(report).toMatchObject({ paymentsChanged: 1, sessionsExpired: 1 })
    const after = await h.service.getSession(session.id)
    expect(after?.session.status).toBe('expired')
    expect(after?.payments[0]?.status).toBe('expired')
    expect((await listEvents(h.db, { type: 'session.expired' })).length).toBe(1)
  })

  it('does not expire a session while a payment can still succeed (gateway unreachable)', async () => {
    const session = await newSession(h, { expiresIn: 120 })
    await h.service.startPayment({ sessionId: session.id, wallet: 'ALIPAYHK', device: PHONE })
    h.clock.advance(121)
    await h.faults({ servlet: 'QRcodeTradeQuery.do', http_status: 503 })
    expect(await h.service.reconcile()).toMatchObject({
      paymentsQueried: 1,
      paymentsChanged: 0,
      sessionsExpired: 0,
    })
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
    await h.clearFaults()
    h.clock.advance(31)
    expect((await h.service.reconcile()).sessionsExpired).toBe(1)
  })

  it('an order that was never taken (5xx on PreOrder, unknown to eftPay) is failed by the reconciler', async () => {
    const session = await newSession(h)
    await h.faults({ servlet: 'JSAPIService.do', http_status: 500, count: 1 })
    await expect(
      h.service.startPayment({ sessionId: session.id, wallet: 'ALIPAYHK', device: PHONE }),
    ).rejects.toThrow()
    h.clock.advance(61)
    await h.service.reconcile()
    expect((await h.service.getSession(session.id))?.payments[0]?.status).toBe('failed')
  })
})

/**
 * The timer loop on a controllable clock (Vitest's fake timers): each pass is a promise the test
 * settles, so "no second pass while one runs" and "stop waits for the pass in progress" are
 * checked at exact moments, not inside a wall-clock window a busy machine may miss.
 */
describe('startReconciler', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('runs passes without overlap, waits for the pass in progress on stop, then runs no more', async () => {
    vi.useFakeTimers()
    const passes: Array<() => void> = []
    const service = {
      reconcile: () =>
        new Promise<ReconcileReport>((resolve) => {
          passes.push(() => resolve(EMPTY_REPORT))
        }),
    }
    const handle = startReconciler({ service, intervalMs: 5 })
    expect(passes).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(5)
    expect(passes).toHaveLength(1)
    // Ten more intervals while the first pass is still running: no second pass starts.
    await vi.advanceTimersByTimeAsync(50)
    expect(passes).toHaveLength(1)
    passes[0]?.()
    await vi.advanceTimersByTimeAsync(5)
    expect(passes).toHaveLength(2)

    // stop() while the second pass runs: it settles only once that pass has.
    let stopped = false
    const stopping = handle.stop().then(() => {
      stopped = true
    })
    await vi.advanceTimersByTimeAsync(20)
    expect(stopped).toBe(false)
    passes[1]?.()
    await stopping
    expect(stopped).toBe(true)
    await vi.advanceTimersByTimeAsync(100)
    expect(passes).toHaveLength(2)
  })
})

describe('state survives a restart of the signer', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('sessions, payments, refunds and the outbox are read back from the same file', async () => {
    const session = await newSession(h, { reference: 'ORDER-1042', body: '2 x Iron Buddha' })
    const payment = await startPaying(h, session.id)
    await h.pay(payment, 'success')
    await h.service.createRefund({ sessionId: session.id, amount: '28.00' })
    const before = await h.service.getSession(session.id)
    const events = await listEvents(h.db)
    await h.restart()
    const after = await h.service.getSession(session.id)
    expect(after).toEqual(before)
    expect(after?.session).toMatchObject({
      status: 'partially_refunded',
      reference: 'ORDER-1042',
      amountRefunded: '28.00',
    })
    expect(await listEvents(h.db)).toEqual(events)
    // The idempotency lookup works across the restart too.
    const again = await newSession(h)
    const a = await h.service.startPayment({ sessionId: again.id, wallet: 'PAYME', device: PHONE })
    await h.restart()
    const b = await h.service.startPayment({ sessionId: again.id, wallet: 'PAYME', device: PHONE })
    expect(b).toMatchObject({ created: false, payment: { id: a.payment.id } })
  })
})
