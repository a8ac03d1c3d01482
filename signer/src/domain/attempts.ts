import { ConflictError } from '../errors.js'
import type { Route } from '../gateway/routing-table.js'
import type { Db } from '../store/db.js'
import { insertPayment, type StoredPayment } from '../store/payments.js'
import { nextPaymentAttempt, type StoredSession } from '../store/sessions.js'
import type { Core } from './context.js'
import { MAX_COUNTER, outTradeNo } from './ids.js'
import { sendingUntil } from './payment-dispatch/decide-start.js'

/**
 * A payment attempt: the row stored, `sending`, before its one gateway order call (PreOrder or
 * token payment). What becomes of its order afterwards: payment-dispatch/transitions.ts.
 */

/** Rows the attempt lookup and insert share: one usable pending payment per (session, wallet, route). */
export async function newAttempt(
  core: Core,
  tx: Db,
  session: StoredSession,
  wallet: StoredPayment['wallet'],
  route: Route,
  now: Date,
) {
  const attempt = await nextPaymentAttempt(tx, session.id)
  if (attempt > MAX_COUNTER)
    throw new ConflictError({
      code: 'session_not_open',
      message: 'Too many payment attempts. Create a new session.',
    })
  const remaining = Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000)
  // The order's own active_time never outlives the session (the session can then expire cleanly).
  const activeSeconds = Math.max(1, Math.min(core.options.paymentActiveTimeSeconds, remaining))
  const payment: StoredPayment = {
    id: core.ids.payment(),
    sessionId: session.id,
    wallet,
    service: route.service,
    // The routing table's strings are the gateway's codes (its entries are checked by its tests).
    payType: route.payType as StoredPayment['payType'],
    payScene: route.pay_scene as StoredPayment['payScene'],
    buyerType: route.buyerType,
    routeKey: `${route.service}|${route.pay_scene}`,
    refundService: route.refundService,
    outTradeNo: outTradeNo(session.id, attempt),
    status: 'pending',
    amount: session.amount,
    currency: session.currency,
    dispatch: 'sending',
    queryFailures: 0,
    dispatchUntil: sendingUntil(core.options, now),
    expiresAt: new Date(now.getTime() + activeSeconds * 1000),
    createdAt: now,
    updatedAt: now,
  }
  // Persisted before the gateway call: a crash after eftPay took the order never loses it.
  await insertPayment(tx, payment)
  return payment
}
