import { GatewayError } from '../gateway/gateway-error.js'
import { isAmount, toCents } from '../money.js'
import { findPayment, type StoredPayment, touchQueried } from '../store/payments.js'
import {
  deleteRefund,
  findRefund,
  type StoredRefund,
  setRefundDispatch,
  touchRefundQueried,
} from '../store/refunds.js'
import {
  applyPaymentStatus,
  applyRefundStatus,
  applyRefundTradeStatus,
  applyTradeStatus,
} from './apply.js'
import type { Core } from './core.js'
import { toApiError } from './gateway-errors.js'
import { pacePaymentQuery } from './query-pacer.js'

/**
 * Asking the gateway (PROTOCOL.md §5.1 query, §6.1 refund) and applying what it says: used by the
 * reconciler, `refreshPayment`, `getRefund`, the return address and automatic refunds.
 */

export interface FollowOptions {
  /** Mark a payment still pending after its active time `expired` (the reconciler's final query). */
  expireIfOverdue?: boolean
  /** The payment was taken with the reconciler's claim (spaced by it); see query-pacer.ts. */
  claimed?: boolean
}

/**
 * Queries a payment's order and applies the answer. A refused query ("no such order") for an order
 * whose PreOrder never got a clear answer means it was never placed: the payment failed. Returns the
 * payment as it is afterwards, and any automatic refund to send.
 */
export function queryPayment(core: Core, payment: StoredPayment, options: FollowOptions = {}) {
  // Coalesced and spaced per payment, whoever asks (query-pacer.ts).
  return pacePaymentQuery(core, payment, () => queryPaymentNow(core, payment, options), options)
}

async function queryPaymentNow(core: Core, payment: StoredPayment, options: FollowOptions) {
  const { db } = core
  await touchQueried(db, payment.id, core.clock())
  let tradeStatus: string | undefined
  let eftTradeNo: string | undefined
  try {
    const reply = await core.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: payment.outTradeNo,
    })
    const amount = reply.transaction_amount
    if (
      amount !== undefined &&
      !(isAmount(amount) && toCents(amount) === toCents(payment.amount))
    ) {
      // Same rule as for notifications: money truth needs the right amount, not only a status.
      core.logger.error(
        { payment_id: payment.id, transaction_amount: amount, amount: payment.amount },
        'QUERY AMOUNT DOES NOT MATCH THE PAYMENT: not applied; investigate',
      )
      return { payment, changed: false }
    }
    tradeStatus = reply.trade_status
    eftTradeNo = reply.eft_trade_no || undefined
  } catch (error) {
    if (!(error instanceof GatewayError) || error.kind !== 'rejected') throw error
    core.logger.warn(
      {
        payment_id: payment.id,
        return_status: error.returnStatus,
        return_char: error.returnChar,
        dispatch: payment.dispatch,
      },
      'eftPay refused the order query',
    )
  }
  const outcome = await db.transaction(async (tx) => {
    const current = (await findPayment(tx, payment.id)) as StoredPayment
    let applied = tradeStatus
      ? await applyTradeStatus(tx, core, current.id, tradeStatus, eftTradeNo)
      : current.dispatch === 'unknown' || current.dispatch === 'sending'
        ? await applyPaymentStatus(tx, core, current, 'failed')
        : { payment: current, changed: false }
    if (
      options.expireIfOverdue &&
      applied.payment.status === 'pending' &&
      core.clock() >= applied.payment.expiresAt
    ) {
      const expired = await applyPaymentStatus(tx, core, applied.payment, 'expired')
      applied = { ...expired, changed: applied.changed || expired.changed }
    }
    return applied
  })
  if (outcome.autoRefund) await sendRefundQuietly(core, outcome.autoRefund.id)
  return outcome
}

function refundRequestFields(payment: StoredPayment, refund: StoredRefund) {
  return {
    service: payment.refundService,
    return_amount: refund.amount,
    total_fee: payment.amount,
    out_trade_no: payment.outTradeNo,
    eft_trade_no: payment.eftTradeNo,
    out_refund_no: refund.outRefundNo,
    payType: payment.payType as never,
    buyerType: payment.buyerType as never,
    // An Apple Pay payment went through MPGS (§4.5): its refund names that wallet.
    wallet: (payment.wallet === 'APPLEPAY' ? 'MPGS' : payment.wallet) as never,
    reason: refund.reason,
    pay_scene: payment.payScene as never,
  }
}

/**
 * Sends a stored pending refund to the gateway and applies the reply. Unknown outcomes leave it
 * pending (`dispatch` unknown) for the reconciler; a refusal fails it; a request that broke a
 * gateway limit was never sent, so the refund is removed. Throws the mapped API error for the last
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
      return (await applyRefundTradeStatus(tx, core, refund.id, reply.trade_status)).refund
    })
  } catch (error) {
    if (!(error instanceof GatewayError)) {
      await setRefundDispatch(db, refund.id, 'unknown', core.clock())
      throw error
    }
    if (error.kind === 'invalid-request') {
      await deleteRefund(db, refund.id)
      throw toApiError(error)
    }
    if (error.kind === 'rejected') {
      core.logger.error(
        { refund_id: refund.id, return_status: error.returnStatus, return_char: error.returnChar },
        'eftPay refused the refund',
      )
      await db.transaction((tx) => applyRefundStatus(tx, core, refund.id, 'failed'))
      throw toApiError(error)
    }
    core.logger.warn(
      { refund_id: refund.id, kind: error.kind },
      'refund outcome unknown: the reconciler will query it',
    )
    await setRefundDispatch(db, refund.id, 'unknown', core.clock())
    return (await findRefund(db, refund.id)) as StoredRefund
  }
  // Refunds usually answer TRADE_PROCESSING (§6.1): ask once right away so a quick final state is
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
 * Follows a pending refund: queries it (§5.1 with `refund_no`) and applies the status. If the
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
      return (await applyRefundTradeStatus(tx, core, refund.id, reply.trade_status)).refund
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
