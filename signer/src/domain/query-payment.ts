import { GatewayError } from '../gateway/gateway-error.js'
import { isAmount, toCents } from '../money.js'
import {
  clearQueryBackoff,
  findPayment,
  type StoredPayment,
  touchQueried,
} from '../store/payments.js'
import type { Core } from './context.js'
import { pacePaymentQuery } from './query-pacer.js'
import { sendRefundQuietly } from './send-refund.js'
import { applyPaymentStatus, applyTradeStatus } from './state-changes.js'

/**
 * Asking the gateway about a payment's order and applying the answer: used by the reconciler,
 * `refreshPayment`, the return address and a retried start.
 */

export interface FollowOptions {
  /** Mark a payment still pending after its active time `expired` (the reconciler's final query). */
  expireIfOverdue?: boolean
  /** The payment was taken with the reconciler's claim (spaced by it); see query-pacer.ts. */
  claimed?: boolean
}

/**
 * Queries a payment's order and applies the answer. Only the gateway's documented "order does not
 * exist" answer (`order-not-found`, docs/protocol.md) for an order whose PreOrder never got a clear
 * answer means it was never placed: the payment failed. Any other failure is thrown, and the payment
 * stays pending. Returns the payment as it is afterwards, and any automatic refund to send.
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
    // Signature, time, parameter or system refusal, timeout, 5xx: the order may well exist. It
    // stays pending; the reconciler asks again later (reconcile.ts backs off).
    if (!isOrderNotFound(error)) throw error
    core.logger.warn(
      { payment_id: payment.id, dispatch: payment.dispatch },
      'eftPay says the order does not exist',
    )
  }
  if (payment.queryFailures > 0) await clearQueryBackoff(db, payment.id)
  const outcome = await db.transaction(async (tx) => {
    const current = (await findPayment(tx, payment.id)) as StoredPayment
    let applied = tradeStatus
      ? await applyTradeStatus(core, tx, current.id, tradeStatus, eftTradeNo)
      : current.dispatch === 'unknown' || current.dispatch === 'sending'
        ? await applyPaymentStatus(core, tx, current, 'failed')
        : { payment: current, changed: false }
    if (
      options.expireIfOverdue &&
      applied.payment.status === 'pending' &&
      core.clock() >= applied.payment.expiresAt
    ) {
      const expired = await applyPaymentStatus(core, tx, applied.payment, 'expired')
      applied = { ...expired, changed: applied.changed || expired.changed }
    }
    return applied
  })
  if (outcome.autoRefund) await sendRefundQuietly(core, outcome.autoRefund.id)
  return outcome
}

/** Whether a failed query proves the order was never placed: only the documented answer does. */
export function isOrderNotFound(error: unknown): boolean {
  return error instanceof GatewayError && error.kind === 'order-not-found'
}
