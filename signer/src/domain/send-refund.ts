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
import { applyRefundStatus, applyRefundTradeStatus } from './state-changes.js'
import { isTokenWallet } from './types.js'

/**
 * Sending a stored refund to the gateway and following it to a final state: used by the
 * merchant's `POST /v1/refunds`, `getRefund`, the reconciler and automatic refunds.
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
 * Sends a stored pending refund to the gateway and applies the reply. Unknown outcomes leave it
 * pending (`dispatch` unknown) for the reconciler; a refusal fails it; a request that broke a
 * gateway limit was never sent, so the refund is removed. Throws the `GatewayError` for the last
 * two, so the merchant's `POST /v1/refunds` hears why.
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
      return (await applyRefundTradeStatus(core, tx, refund.id, reply.trade_status)).refund
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
    if (error.kind === 'rejected') {
      core.logger.error(
        { refund_id: refund.id, return_status: error.returnStatus, return_char: error.returnChar },
        'eftPay refused the refund',
      )
      await db.transaction((tx) => applyRefundStatus(core, tx, refund.id, 'failed'))
      throw error
    }
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
 * Follows a pending refund: queries it (an order query with `refund_no`) and applies the status. If the
 * refund request never got a clear answer and eftPay does not know the refund, it is sent again
 * under the same `out_refund_no` (never a second number for the same refund).
 */
export async function followRefund(core: Core, refund: StoredRefund): Promise<StoredRefund> {
  const { db } = core
  if (refund.status !== 'pending') return refund
  // A request still in flight (another call is sending it right now) is left alone.
  const inFlightSince = core.clock().getTime() - core.options.reconcileAfterSeconds * 1000
  if (refund.dispatch === 'sending' && refund.updatedAt.getTime() > inFlightSince) return refund
  const payment = (await findPayment(db, refund.paymentId)) as StoredPayment
  await touchRefundQueried(db, refund.id, core.clock())
  try {
    const reply = await core.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: payment.outTradeNo,
      refund_no: refund.outRefundNo,
    })
    return await db.transaction(async (tx) => {
      await setRefundDispatch(tx, refund.id, 'placed', core.clock())
      return (await applyRefundTradeStatus(core, tx, refund.id, reply.trade_status)).refund
    })
  } catch (error) {
    if (
      error instanceof GatewayError &&
      error.kind === 'rejected' &&
      refund.dispatch !== 'placed'
    ) {
      core.logger.warn(
        { refund_id: refund.id },
        'eftPay does not know this refund: sending it again',
      )
      return sendRefund(core, refund.id)
    }
    throw error
  }
}
