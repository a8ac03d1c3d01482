import { ConflictError } from '../errors.js'
import { GatewayError } from '../gateway/gateway-error.js'
import type { Route } from '../gateway/routing-table.js'
import type { Db } from '../store/db.js'
import {
  deletePayment,
  findPayment,
  insertPayment,
  type StoredPayment,
  setDispatch,
} from '../store/payments.js'
import { nextPaymentAttempt, type StoredSession } from '../store/sessions.js'
import type { Core } from './context.js'
import { MAX_COUNTER, outTradeNo } from './ids.js'
import { applyPaymentStatus } from './state-changes.js'

/**
 * A payment attempt's life around its one gateway order call (PreOrder or Apple Pay token): the
 * row stored before the call, and what a failed call leaves behind.
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
    dispatchUntil: new Date(now.getTime() + (core.options.dispatchLeaseMs ?? 60_000)),
    expiresAt: new Date(now.getTime() + activeSeconds * 1000),
    createdAt: now,
    updatedAt: now,
  }
  // Persisted before the gateway call: a crash after eftPay took the order never loses it.
  await insertPayment(tx, payment)
  return payment
}

/**
 * Records what a failed order call means for its payment: never sent, refused, or unknown.
 * `refusalEnds`: a refused PreOrder fails at once (the shopper never got a pay link, so no money
 * can have moved); a refused token payment does not (the card may have been charged: its outcome
 * is unknown and eftPay is asked, token-payment.ts).
 */
export async function onPlaceFailure(
  core: Core,
  payment: StoredPayment,
  error: unknown,
  now: Date,
  { refusalEnds = true }: { refusalEnds?: boolean } = {},
): Promise<void> {
  const { db, clock, logger } = core
  if (error instanceof GatewayError && error.kind === 'invalid-request') {
    // Nothing was sent: the attempt never existed at eftPay.
    await deletePayment(db, payment.id)
    return
  }
  if (error instanceof GatewayError && error.kind === 'rejected' && refusalEnds) {
    logger.warn(
      { payment_id: payment.id, return_status: error.returnStatus, return_char: error.returnChar },
      'eftPay refused the PreOrder',
    )
    await db.transaction(async (tx) => {
      await setDispatch(tx, payment.id, 'placed', undefined, now)
      await applyPaymentStatus(
        core,
        tx,
        (await findPayment(tx, payment.id)) as StoredPayment,
        'failed',
      )
    })
    return
  }
  // Timeout, network, 5xx, malformed or badly signed reply (or a refused token payment): the
  // order may exist. Keep it pending; a retry queries it first and the reconciler follows it
  // (never a second number meanwhile).
  logger.warn(
    {
      payment_id: payment.id,
      kind: error instanceof GatewayError ? error.kind : 'internal',
      ...(error instanceof GatewayError && error.returnStatus
        ? { return_status: error.returnStatus }
        : {}),
    },
    'order outcome unknown',
  )
  await setDispatch(db, payment.id, 'unknown', undefined, clock())
}
