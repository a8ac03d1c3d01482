import { GatewayError } from '../gateway/gateway-error.js'
import type { Db } from '../store/db.js'
import {
  clearQueryBackoff,
  findPayment,
  type StoredPayment,
  touchQueried,
} from '../store/payments.js'
import type { Core } from './context.js'
import { pacePaymentQuery } from './query-pacer.js'
import { readSaleAnswer } from './sale-answer.js'
import { sendRefundQuietly } from './send-refund.js'
import { applyPaymentStatus, applyTradeStatusTo, type PaymentApplied } from './state-changes.js'

/**
 * Asking the gateway about a payment's order and applying the answer: used by the reconciler,
 * `refreshPayment`, the return address, a retried start and token payments.
 */

export interface FollowOptions {
  /** The payment was taken with the reconciler's claim (spaced by it); see query-pacer.ts. */
  claimed?: boolean
}

/**
 * Queries a payment's order and applies the answer; only a documented final answer ends it
 * (trade-status.ts, `applyOrderNotFound`). A query eftPay does not answer is thrown, and the payment
 * stays pending. Returns the payment as it is afterwards.
 */
export function queryPayment(core: Core, payment: StoredPayment, options: FollowOptions = {}) {
  // Coalesced and spaced per payment, whoever asks (query-pacer.ts).
  return pacePaymentQuery(core, payment, () => queryPaymentNow(core, payment), options)
}

async function queryPaymentNow(core: Core, payment: StoredPayment): Promise<PaymentApplied> {
  const { db } = core
  await touchQueried(db, payment.id, core.clock())
  let apply: (tx: Db, current: StoredPayment) => Promise<PaymentApplied>
  try {
    const reply = await core.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: payment.outTradeNo,
    })
    const answer = readSaleAnswer(core, payment, reply, 'query')
    if (!answer) return { payment, changed: false }
    apply = (tx, current) =>
      applyTradeStatusTo(core, tx, current, answer.tradeStatus, answer.eftTradeNo)
  } catch (error) {
    // Signature, time, parameter or system refusal, timeout, 5xx: the order may well exist. It
    // stays pending; the reconciler asks again later (reconcile.ts backs off).
    if (!isOrderNotFound(error)) throw error
    core.logger.warn(
      { payment_id: payment.id, dispatch: payment.dispatch },
      'eftPay says the order does not exist',
    )
    apply = (tx, current) => applyOrderNotFound(core, tx, current)
  }
  const outcome = await db.transaction(async (tx) =>
    apply(tx, (await findPayment(tx, payment.id)) as StoredPayment),
  )
  // An answer that ends it, or any answer while the shopper may still pay: the normal pace resumes.
  if (payment.queryFailures > 0 && !stillUncertain(core, outcome.payment))
    await clearQueryBackoff(db, payment.id)
  if (outcome.autoRefund) await sendRefundQuietly(core, outcome.autoRefund.id)
  return outcome
}

/**
 * eftPay's documented "no such order" (docs/protocol.md "Order does not exist"): an order whose
 * PreOrder or token payment never got a clear answer was never placed, so no money moved: failed.
 * One eftPay had taken and no longer holds after its active time is an abandoned cart: expired.
 * A placed order it does not know while it could still be paid says nothing yet: left pending.
 */
function applyOrderNotFound(core: Core, tx: Db, payment: StoredPayment): Promise<PaymentApplied> {
  if (payment.dispatch === 'unknown' || payment.dispatch === 'sending')
    return applyPaymentStatus(core, tx, payment, 'failed')
  if (core.clock() >= payment.expiresAt) return applyPaymentStatus(core, tx, payment, 'expired')
  return Promise.resolve({ payment, changed: false })
}

/**
 * Pending past its order's active time: the shopper can no longer be paying, so only eftPay's
 * late answer is awaited; the reconciler asks ever less often (reconcile.ts).
 */
export function stillUncertain(core: Core, payment: StoredPayment): boolean {
  return payment.status === 'pending' && core.clock() >= payment.expiresAt
}

/** Whether a failed query proves the order was never placed: only the documented answer does. */
export function isOrderNotFound(error: unknown): boolean {
  return error instanceof GatewayError && error.kind === 'order-not-found'
}
