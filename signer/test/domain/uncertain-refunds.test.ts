import { afterEach, describe, expect, it } from 'vitest'
import type { CoreLogger } from '../../src/domain/context.js'
import type { GatewayClient } from '../../src/gateway/client.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { findRefund } from '../../src/store/refunds.js'
import { listEvents } from '../../src/webhooks/outbox.js'
import { type Harness, newSession, startHarness, startPaying } from './harness.js'

/**
 * A refund is final only on a documented final refund status (TRADE_REFUND, TRADE_CLOSED,
 * TRADE_FAIL; docs/protocol.md "Refund"), or, for one eftPay never took, its documented "no such
 * refund" answer. Anything else leaves it pending with its amount still reserved: asked again with
 * backoff, and flagged for a person past the horizon. Never resent unless eftPay said it has no
 * such refund, so a refund is never made twice.
 */

const logged: Array<{ level: string; obj: object; msg?: string }> = []
const logger: CoreLogger = {
  info: (obj, msg) => void logged.push({ level: 'info', obj, msg }),
  warn: (obj, msg) => void logged.push({ level: 'warn', obj, msg }),
  error: (obj, msg) => void logged.push({ level: 'error', obj, msg }),
}
const HORIZON_HOURS = 48

let h: Harness
afterEach(async () => {
  logged.length = 0
  await h.close()
})

async function paidPayment(amount = '100.00') {
  const session = await newSession(h, { amount })
  const payment = await startPaying(h, session.id)
  await h.pay(payment, 'success')
  return { session, payment }
}

const refundRequests = () => h.gatewayCalls.filter((c) => c.service?.endsWith('.Refund'))
const refundQueries = () =>
  h.gatewayCalls.filter((c) => c.servlet === 'QRcodeTradeQuery.do' && c.body.refund_no)

describe('a refund whose reply was lost', () => {
  it('is not resent after a refused query, nor failed when a resend would be refused: it stays pending and is never made twice', async () => {
    // eftPay takes the refund, but its reply never arrives (the signer's wait runs out).
    let lose = true
    const losingReplies = (real: GatewayClient): GatewayClient => ({
      ...real,
      refund: async (input) => {
        const reply = await real.refund(input)
        if (!lose) return reply
        lose = false
        throw new GatewayError({ kind: 'timeout', message: 'no answer in time' })
      },
    })
    h = await startHarness({ deps: { logger }, wrapGateway: losingReplies })
    const { session, payment } = await paidPayment()
    const pending = await h.service.createRefund({ paymentId: payment.id, amount: '60.00' })
    expect(pending.status).toBe('pending')

    // The follow-up query is refused (a system error, not "no such refund"), and eftPay would
    // refuse a second request with the same number as a duplicate.
    await h.faults({
      servlet: 'QRcodeTradeQuery.do',
      count: 1,
      add_fields: { return_status: '99' },
    })
    await h.faults({ servlet: 'JSAPIService.do', count: 1, add_fields: { return_status: '11' } })
    expect((await h.service.getRefund(pending.id))?.status).toBe('pending')
    expect(refundRequests()).toHaveLength(1)
    // Its amount stays reserved: no second refund of the same money.
    await expect(
      h.service.createRefund({ paymentId: payment.id, amount: '60.00' }),
    ).rejects.toMatchObject({ code: 'refund_exceeds_payment' })

    // The next answered query settles it.
    await h.clearFaults()
    expect((await h.service.getRefund(pending.id))?.status).toBe('succeeded')
    expect(refundRequests()).toHaveLength(1)
    const order = await h.sandboxOrder(payment.eftTradeNo as string)
    expect(order.amount_refunded).toBe('60.00')
    expect((await h.service.getSession(session.id))?.session.amountRefunded).toBe('60.00')
  })

  it('is resent under the same number when eftPay says it has no such refund', async () => {
    // The request never reached eftPay (a 5xx before it was processed).
    h = await startHarness({ deps: { logger } })
    const { payment } = await paidPayment()
    await h.faults({ servlet: 'JSAPIService.do', http_status: 503, count: 1 })
    const pending = await h.service.createRefund({ paymentId: payment.id, amount: '10.00' })
    expect(pending.status).toBe('pending')
    const followed = await h.service.getRefund(pending.id)
    expect(followed).toMatchObject({ status: 'succeeded', outRefundNo: pending.outRefundNo })
    expect(refundRequests().map((c) => c.body.out_refund_no)).toEqual([
      pending.outRefundNo,
      pending.outRefundNo,
    ])
  })
})

describe('a refund eftPay refuses', () => {
  /** eftPay answers the first refund request with a signed refusal and makes no refund. */
  const refusingOnce = (real: GatewayClient): GatewayClient => {
    let refuse = true
    return {
      ...real,
      refund: async (input) => {
        if (!refuse) return real.refund(input)
        refuse = false
        throw new GatewayError({ kind: 'rejected', returnStatus: '99', message: 'refused' })
      },
    }
  }

  it('is failed, its amount freed, once eftPay says it has no such refund', async () => {
    h = await startHarness({ deps: { logger }, wrapGateway: refusingOnce })
    const { payment } = await paidPayment()
    await expect(
      h.service.createRefund({ paymentId: payment.id, amount: '100.00' }),
    ).rejects.toMatchObject({ kind: 'rejected' })
    const [refused] = (await h.service.getSession(payment.sessionId))?.refunds ?? []
    expect(refused?.status).toBe('failed')
    const again = await h.service.createRefund({ paymentId: payment.id, amount: '100.00' })
    expect(again.status).toBe('succeeded')
  })

  it('stays pending, its amount reserved, while eftPay does not say whether it exists', async () => {
    h = await startHarness({ deps: { logger }, wrapGateway: refusingOnce })
    const { payment } = await paidPayment()
    await h.faults({
      servlet: 'QRcodeTradeQuery.do',
      count: 1,
      add_fields: { return_status: '99' },
    })
    const refused = await h.service.createRefund({ paymentId: payment.id, amount: '100.00' })
    expect(refused.status).toBe('pending')
    await expect(
      h.service.createRefund({ paymentId: payment.id, amount: '1.00' }),
    ).rejects.toMatchObject({ code: 'refund_exceeds_payment' })
    // The next answer is "no such refund": now it is final, and never sent again.
    expect((await h.service.getRefund(refused.id))?.status).toBe('failed')
    expect(refundRequests()).toHaveLength(0)
  })
})

describe.each(['APPLY_SUCCESS', 'TRADE_PROCESSING', 'REFUND_SOMETHING_NEW'])(
  'a refund answered %s by every query',
  (status) => {
    it('is followed with backoff, flagged past the horizon, and settles when eftPay answers a final status', async () => {
      h = await startHarness({
        deps: { logger, options: { needsAttentionAfterHours: HORIZON_HOURS } },
      })
      const { payment } = await paidPayment()
      await h.faults({ servlet: 'QRcodeTradeQuery.do', add_fields: { trade_status: status } })
      const pending = await h.service.createRefund({ paymentId: payment.id, amount: '25.00' })
      expect(pending.status).toBe('pending')

      const asked = refundQueries().length
      for (let pass = 0; pass < 20; pass++) {
        h.clock.advance(31)
        await h.service.reconcile()
      }
      expect((await findRefund(h.db, pending.id))?.status).toBe('pending')
      // Asked again, but ever less often: fewer queries than passes.
      expect(refundQueries().length).toBeGreaterThan(asked)
      expect(refundQueries().length - asked).toBeLessThan(10)
      expect(refundRequests()).toHaveLength(1)

      h.clock.advance(HORIZON_HOURS * 3600)
      await h.service.reconcile()
      await h.service.reconcile()
      const flagged = await listEvents(h.db, { type: 'refund.needs_attention' })
      expect(flagged).toHaveLength(1)
      expect(JSON.parse(flagged[0]?.payload as string).data.refund).toMatchObject({
        id: pending.id,
        status: 'pending',
        needs_attention: true,
      })
      expect(
        logged.filter((l) => l.level === 'error' && /NEEDS ATTENTION/.test(l.msg ?? '')),
      ).toHaveLength(1)
      expect((await h.service.listNeedsAttention()).refunds.map((r) => r.id)).toEqual([pending.id])

      await h.clearFaults()
      h.clock.advance(3600)
      await h.service.reconcile()
      expect((await findRefund(h.db, pending.id))?.status).toBe('succeeded')
      expect((await h.service.listNeedsAttention()).refunds).toEqual([])
    })
  },
)
