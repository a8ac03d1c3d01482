import { afterEach, describe, expect, it } from 'vitest'
import type { CoreLogger } from '../../src/domain/context.js'
import type { GatewayClient } from '../../src/gateway/client.js'
import { outboxBacklog } from '../../src/observability/instrument.js'
import { createMetrics } from '../../src/observability/metrics.js'
import { listEvents } from '../../src/webhooks/outbox.js'
import { type Harness, payTwice, startHarness } from './harness.js'

/**
 * A second success on a paid session is refunded automatically. When that refund fails, it is
 * tried again with backoff; the merchant hears `payment.duplicate_refunded` only once it
 * succeeded, and after the last attempt `payment.duplicate_refund_failed`, an error-level log line
 * and a metric ask a person to act. In the sandbox a refund of an amount ending in .77 fails.
 */

const logged: Array<{ level: string; obj: object; msg?: string }> = []
const logger: CoreLogger = {
  info: (obj, msg) => void logged.push({ level: 'info', obj, msg }),
  warn: (obj, msg) => void logged.push({ level: 'warn', obj, msg }),
  error: (obj, msg) => void logged.push({ level: 'error', obj, msg }),
}

let h: Harness
afterEach(async () => {
  logged.length = 0
  await h.close()
})

const types = async () => (await listEvents(h.db)).map((e) => e.type)

describe('the automatic refund of a duplicate payment', () => {
  it('that keeps failing is retried with backoff up to the limit, then a person is told, once', async () => {
    h = await startHarness({
      deps: { logger, options: { duplicateRefundAttempts: 3, duplicateRefundBackoffSeconds: 60 } },
    })
    const { session, duplicate } = await payTwice(h, { amount: '12.77' })
    const refundsOf = async () =>
      (await h.service.getSession(session.id))?.refunds.filter(
        (r) => r.paymentId === duplicate.id,
      ) ?? []
    expect((await refundsOf()).map((r) => r.status)).toEqual(['failed'])
    expect(await types()).not.toContain('payment.duplicate_refunded')

    // Not before its backoff (60 s after the first failure).
    h.clock.advance(31)
    await h.service.reconcile()
    expect(await refundsOf()).toHaveLength(1)
    h.clock.advance(30)
    await h.service.reconcile()
    expect((await refundsOf()).map((r) => r.status)).toEqual(['failed', 'failed'])
    expect(await types()).not.toContain('payment.duplicate_refund_failed')
    // The second retry waits twice as long (120 s).
    h.clock.advance(61)
    await h.service.reconcile()
    expect(await refundsOf()).toHaveLength(2)
    h.clock.advance(60)
    await h.service.reconcile()
    expect((await refundsOf()).map((r) => r.status)).toEqual(['failed', 'failed', 'failed'])

    // The limit: one event saying a person must act, an error-level log line, a metric.
    const failedEvents = await listEvents(h.db, { type: 'payment.duplicate_refund_failed' })
    expect(failedEvents).toHaveLength(1)
    const body = JSON.parse(failedEvents[0]?.payload as string)
    expect(body.data.payment.id).toBe(duplicate.id)
    expect(await types()).not.toContain('payment.duplicate_refunded')
    const loud = logged.filter(
      (l) => l.level === 'error' && /DUPLICATE PAYMENT NOT REFUNDED/.test(l.msg ?? ''),
    )
    expect(loud).toHaveLength(1)
    const metrics = createMetrics()
    metrics.watchWebhookBacklog(outboxBacklog(h.db, h.clock.read))
    expect(await metrics.registry.metrics()).toMatch(/^signer_duplicate_refunds_failed 1$/m)

    // Nothing more is tried or reported.
    h.clock.advance(3600)
    await h.service.reconcile()
    expect(await refundsOf()).toHaveLength(3)
    expect(await listEvents(h.db, { type: 'payment.duplicate_refund_failed' })).toHaveLength(1)
    // The sandbox holds no successful refund: the shopper's money is where the event says.
    expect(
      (await h.sandboxOrder(duplicate.eftTradeNo as string)).amount_refunded ?? '0.00',
    ).toMatch(/^0(\.00)?$/)
  })

  it('that fails once is retried and then reported refunded, never as failed', async () => {
    let refusals = 1
    const gatewayOf = (real: GatewayClient): GatewayClient => ({
      ...real,
      // eftPay answers the first refund TRADE_FAIL without taking it; later ones go through.
      refund: async (input) => {
        if (refusals-- > 0)
          return {
            return_status: '00',
            out_trade_no: input.out_trade_no,
            out_refund_no: input.out_refund_no,
            trade_status: 'TRADE_FAIL',
          } as Awaited<ReturnType<GatewayClient['refund']>>
        return real.refund(input)
      },
    })
    h = await startHarness({ deps: { logger }, wrapGateway: gatewayOf })
    const { session, duplicate } = await payTwice(h, { amount: '12.50' })
    expect(await types()).not.toContain('payment.duplicate_refunded')
    h.clock.advance(61)
    await h.service.reconcile()
    const refunds = (await h.service.getSession(session.id))?.refunds ?? []
    expect(refunds.map((r) => r.status)).toEqual(['failed', 'succeeded'])
    const refunded = await listEvents(h.db, { type: 'payment.duplicate_refunded' })
    expect(refunded).toHaveLength(1)
    expect(JSON.parse(refunded[0]?.payload as string).data.payment.id).toBe(duplicate.id)
    expect(await types()).not.toContain('payment.duplicate_refund_failed')
    expect((await h.sandboxOrder(duplicate.eftTradeNo as string)).amount_refunded).toBe('12.50')
  })

  /** eftPay answers the first `n` refunds TRADE_FAIL without taking them; later ones go through. */
  const failingFirstRefunds =
    (n: number) =>
    (real: GatewayClient): GatewayClient => ({
      ...real,
      refund: async (input) => {
        if (n-- > 0)
          return {
            return_status: '00',
            out_trade_no: input.out_trade_no,
            out_refund_no: input.out_refund_no,
            trade_status: 'TRADE_FAIL',
          } as Awaited<ReturnType<GatewayClient['refund']>>
        return real.refund(input)
      },
    })
  const refundRequests = () => h.gatewayCalls.filter((c) => c.service?.endsWith('.Refund'))

  it('stops once the merchant refunded the duplicate by hand: nothing more is sent, no failure is raised', async () => {
    h = await startHarness({
      deps: { logger, options: { duplicateRefundAttempts: 5, duplicateRefundBackoffSeconds: 60 } },
      wrapGateway: failingFirstRefunds(1),
    })
    const { session, duplicate } = await payTwice(h, { amount: '12.50' })
    // The automatic refund failed; the merchant refunds the duplicate in full by hand.
    h.clock.advance(1) // listed in the order made
    const byHand = await h.service.createRefund({ paymentId: duplicate.id })
    expect(byHand).toMatchObject({ status: 'succeeded', amount: '12.50' })
    const sent = refundRequests().length
    for (let pass = 0; pass < 10; pass++) {
      h.clock.advance(3600)
      await h.service.reconcile()
    }
    expect(refundRequests()).toHaveLength(sent)
    const refunds = (await h.service.getSession(session.id))?.refunds ?? []
    expect(refunds.map((r) => [r.automatic, r.status])).toEqual([
      [true, 'failed'],
      [false, 'succeeded'],
    ])
    expect(await types()).not.toContain('payment.duplicate_refund_failed')
    expect((await h.sandboxOrder(duplicate.eftTradeNo as string)).amount_refunded).toBe('12.50')
  })

  it('after a partial refund by hand, refunds only what is still refundable', async () => {
    h = await startHarness({
      deps: { logger, options: { duplicateRefundBackoffSeconds: 60 } },
      wrapGateway: failingFirstRefunds(1),
    })
    const { session, duplicate } = await payTwice(h, { amount: '12.50' })
    h.clock.advance(1) // listed in the order made
    await h.service.createRefund({ paymentId: duplicate.id, amount: '5.00' })
    h.clock.advance(61)
    await h.service.reconcile()
    const refunds = (await h.service.getSession(session.id))?.refunds ?? []
    expect(refunds.map((r) => [r.automatic, r.amount, r.status])).toEqual([
      [true, '12.50', 'failed'],
      [false, '5.00', 'succeeded'],
      [true, '7.50', 'succeeded'],
    ])
    expect((await h.sandboxOrder(duplicate.eftTradeNo as string)).amount_refunded).toBe('12.50')
    expect(await types()).toContain('payment.duplicate_refunded')
  })
})
