import { GatewayError } from '../gateway/gateway-error.js'
import { findPayment, type StoredPayment } from '../store/payments.js'
import {
  deleteRefund,
  findRefund,
  type StoredRefund,
  setRefundDispatch,
  touchRefundQueried,
} from '../store/refunds.js'
import type { Core } from './context.js'
import { isOrderNotFound } from './query-payment.js'
import { applyRefundAnswer } from './refund-answer.js'
import { applyRefundStatus } from './state-changes.js'
import { isTokenWallet } from './types.js'

/**
 * Sending a stored refund to the gateway and following it to a final state: used by the
 * merchant's `POST /v1/refunds`, `getRefund`, the reconciler and automatic refunds. A refund ends
 * only on a documented final refund status, or on eftPay's documented "no such refund" for one it
 * refused (docs/api.md "State rules"); it is sent again only after eftPay said it has no such
 * refund, and always under the same `out_refund_no`, so the money never goes back twice.
 */

function refundRequestFields(payment: StoredPayment, refund: StoredRefund) {
  return {
    service: payment.refundService,
    return_amount: refund.amount,
    total_fee: payment.amount,
    out_trade_no: payment.outTradeNo,
    eft_trade_no: payment.eftTradeNo,
    out_refund_no: refund.outRefundNo,
    payType: payment.payType,
    buyerType: payment.buyerType,
    // A token payment (Apple Pay, Google Pay) went through MPGS: its refund names that wallet.
    wallet: isTokenWallet(payment.wallet) ? ('MPGS' as const) : payment.wallet,
    reason: refund.reason,
    pay_scene: payment.payScene,
  }
}

/**
 * Sends a stored pending refund to the gateway and applies the reply. An unknown outcome leaves it
 * pending (`dispatch` unknown) for the reconciler. A refusal is not an answer about the money: eftPay
 * is asked whether the refund exists, and it fails only on "no such refund" (then the refusal is
 * thrown, so the merchant's `POST /v1/refunds` hears why); otherwise it stays pending. A request that
 * broke a gateway limit was never sent: the refund is removed and the error thrown.
 */
export async function sendRefund(core: Core, refundId: string): Promise<StoredRefund> {
  const { db } = core
  const refund = await findRefund(db, refundId)
  if (!refund) throw new Error(`refund ${refundId} vanished`)
  const payment = (await findPayment(db, refund.paymentId)) as StoredPayment
  let placed: StoredRefund
  try {
    const reply = await core.gateway.refund(refundRequestFields(payment, refund))
    placed = await db.transaction(async (tx) => {
      await setRefundDispatch(tx, refund.id, 'placed', core.clock())
      return (await applyRefundAnswer(core, tx, refund, reply)).refund
    })
  } catch (error) {
    if (!(error instanceof GatewayError)) {
      await setRefundDispatch(db, refund.id, 'unknown', core.clock())
      throw error
    }
    if (error.kind === 'invalid-request') {
      await deleteRefund(db, refund.id)
      throw error
    }
    if (error.kind === 'rejected') return onRefused(core, refund, error)
    core.logger.warn(
      { refund_id: refund.id, kind: error.kind },
      'refund outcome unknown: the reconciler will query it',
    )
    await setRefundDispatch(db, refund.id, 'unknown', core.clock())
    return (await findRefund(db, refund.id)) as StoredRefund
  }
  // Refunds usually answer TRADE_PROCESSING (docs/protocol.md): ask once right away so a quick final state is
  // reported now; otherwise getRefund and the reconciler follow it.
  if (placed.status !== 'pending') return placed
  try {
    return await followRefund(core, placed)
  } catch {
    return placed
  }
}

/** A refused refund request: asks eftPay whether the refund exists (failed only if it says no). */
async function onRefused(
  core: Core,
  refund: StoredRefund,
  error: GatewayError,
): Promise<StoredRefund> {
  core.logger.error(
    { refund_id: refund.id, return_status: error.returnStatus, return_char: error.returnChar },
    'eftPay refused the refund request: asking whether the refund exists',
  )
  await setRefundDispatch(core.db, refund.id, 'refused', core.clock())
  const after = await followRefund(core, { ...refund, dispatch: 'refused' }).catch(
    async () => (await findRefund(core.db, refund.id)) as StoredRefund,
  )
  if (after.status === 'failed') throw error
  return after
}

/** `sendRefund` for automatic refunds: nobody to answer, so failures are logged, not thrown. */
export async function sendRefundQuietly(core: Core, refundId: string): Promise<void> {
  try {
    await sendRefund(core, refundId)
  } catch (error) {
    core.logger.error(
      { refund_id: refundId, error: error instanceof Error ? error.message : String(error) },
      'automatic refund failed',
    )
  }
}

/**
 * Follows a pending refund: queries it (an order query with `refund_no`) and applies the answer
 * (refund-answer.ts). A query eftPay does not answer, or refuses, is thrown and the refund stays
 * pending. eftPay's documented "no such refund" (docs/protocol.md "Order does not exist") is read by
 * what happened to the request: never answered → sent again under the same `out_refund_no`; refused
 * → failed (no refund was made); taken → contradictory, so it stays pending for a person.
 */
export async function followRefund(core: Core, refund: StoredRefund): Promise<StoredRefund> {
  const { db } = core
  if (refund.status !== 'pending') return refund
  // A request still in flight (another call is sending it right now) is left alone.
  const inFlightSince = core.clock().getTime() - core.options.reconcileAfterSeconds * 1000
  if (refund.dispatch === 'sending' && refund.updatedAt.getTime() > inFlightSince) return refund
  const payment = (await findPayment(db, refund.paymentId)) as StoredPayment
  await touchRefundQueried(db, refund.id, core.clock())
  let reply: Awaited<ReturnType<Core['gateway']['query']>>
  try {
    reply = await core.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: payment.outTradeNo,
      refund_no: refund.outRefundNo,
    })
  } catch (error) {
    if (!isOrderNotFound(error)) throw error
    return onNoSuchRefund(core, refund)
  }
  return db.transaction(async (tx) => {
    // It answered about this refund: eftPay holds it.
    await setRefundDispatch(tx, refund.id, 'placed', core.clock())
    return (await applyRefundAnswer(core, tx, refund, reply)).refund
  })
}

async function onNoSuchRefund(core: Core, refund: StoredRefund): Promise<StoredRefund> {
  const log = { refund_id: refund.id, dispatch: refund.dispatch }
  switch (refund.dispatch) {
    case 'unknown':
    case 'sending':
      core.logger.warn(log, 'eftPay does not know this refund: sending it again')
      return sendRefund(core, refund.id)
    case 'refused':
      core.logger.warn(log, 'eftPay refused this refund and has no such refund: failed')
      return (await core.db.transaction((tx) => applyRefundStatus(core, tx, refund.id, 'failed')))
        .refund
    case 'placed':
      core.logger.error(
        log,
        'EFTPAY TOOK THIS REFUND BUT NOW SAYS IT HAS NO SUCH REFUND: left pending; investigate',
      )
      return refund
  }
}
