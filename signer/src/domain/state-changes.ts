import { fromCents, toCents } from '../money.js'
import type { Db } from '../store/db.js'
import { lockAndReadSession } from '../store/locks.js'
import { listSessionPayments, movePayment, type StoredPayment } from '../store/payments.js'
import {
  findRefund,
  listPaymentRefunds,
  listSessionRefunds,
  type StoredRefund,
  updateRefundStatus,
} from '../store/refunds.js'
import {
  findSession,
  moveSession,
  setAmountRefunded,
  updateSessionStatus,
} from '../store/sessions.js'
import type { Core } from './context.js'
import { onAutomaticRefundFinal } from './duplicate-refund-outcome.js'
import { emit, emitSnapshot } from './events.js'
import { flagSuccessOverLinkLimit } from './links-limit.js'
import { insertPendingRefund } from './refund-rows.js'
import { isDocumentedStatus, paymentStatusFor, refundStatusFor } from './trade-status.js'
import { canTransition } from './transitions.js'
import type { PaymentStatus, RefundStatus } from './types.js'

/**
 * The one code path that turns gateway truth into state changes, shared by notifications,
 * queries (reconciler, refresh, return) and token payments. Every function here runs inside the
 * caller's transaction and writes its events there too.
 */

export interface PaymentApplied {
  payment: StoredPayment
  changed: boolean
  /** A second success on an already paid session: the automatic refund to send after commit. */
  autoRefund?: StoredRefund
}

/**
 * Applies a gateway `trade_status` (its meaning: trade-status.ts) to a payment the caller has just
 * read in this transaction. Callers check first that the answer may be applied at all
 * (sale-answer.ts, stated-amount.ts).
 */
export async function applyTradeStatusTo(
  core: Core,
  tx: Db,
  payment: StoredPayment,
  tradeStatus: string,
  eftTradeNo?: string,
): Promise<PaymentApplied> {
  const target = paymentStatusFor(
    tradeStatus,
    core.clock().getTime() >= payment.expiresAt.getTime(),
  )
  if (!isDocumentedStatus(tradeStatus)) {
    core.logger.warn(
      { payment_id: payment.id, trade_status: tradeStatus },
      'eftPay answered a trade_status no page documents: the payment stays open and is asked again',
    )
  }
  return applyPaymentStatus(core, tx, payment, target, eftTradeNo)
}

/** Moves a payment to `target` if the rules allow, with its events and the session's consequences. */
export async function applyPaymentStatus(
  core: Core,
  tx: Db,
  payment: StoredPayment,
  target: PaymentStatus,
  eftTradeNo?: string,
): Promise<PaymentApplied> {
  const now = core.clock()
  if (target === payment.status || !canTransition('payment', payment.status, target)) {
    if (target !== payment.status && target !== 'pending') {
      core.logger.warn(
        { payment_id: payment.id, from: payment.status, to: target },
        'ignored a payment change the rules forbid',
      )
    }
    return { payment, changed: false }
  }
  // Only if it is still in the status read (a race lost to another writer changes nothing).
  const updated = await movePayment(tx, payment.id, payment.status, target, eftTradeNo, now)
  if (!updated) return { payment, changed: false }
  if (payment.status !== 'pending') {
    core.logger.warn(
      { payment_id: payment.id, from: payment.status, to: target },
      'late success: the money moved after all',
    )
  }
  if (target !== 'succeeded') {
    await emit(core, tx, target === 'failed' ? 'payment.failed' : 'payment.expired', {
      sessionId: payment.sessionId,
      payment: updated,
    })
    return { payment: updated, changed: true }
  }
  // Two payments of one session succeeding at once (two instances): one pays it, the other is
  // refunded. The session is locked (after the payment: store/locks.ts order) and read in one
  // statement, and with its payments and refunds it is the snapshot both events below carry, so
  // nothing is read twice. Holding the session lock, no payment or refund of it can be added meanwhile.
  const session = await lockAndReadSession(tx, payment.sessionId)
  if (!session) throw new Error(`session ${payment.sessionId} vanished`)
  const payments = await listSessionPayments(tx, session.id)
  const refunds = await listSessionRefunds(tx, session.id)
  await emitSnapshot(
    core,
    tx,
    'payment.succeeded',
    { session, payments, refunds },
    { payment: updated },
  )
  if (!session.paidPaymentId && (session.status === 'open' || session.status === 'expired')) {
    const paid = await moveSession(
      tx,
      session.id,
      session.status,
      'paid',
      { amountPaid: updated.amount, paidPaymentId: updated.id },
      now,
    )
    if (session.status === 'expired') {
      core.logger.warn(
        { session_id: session.id, payment_id: updated.id },
        'a success arrived for an expired session: marked paid',
      )
    }
    await emitSnapshot(
      core,
      tx,
      'session.paid',
      { session: paid ?? session, payments, refunds },
      { payment: updated },
    )
    await flagSuccessOverLinkLimit(core, tx, session, updated)
    return { payment: updated, changed: true }
  }
  // A session is paid at most once (docs/api.md); a second success is refunded automatically.
  const autoRefund = await insertAutomaticRefund(core, tx, updated)
  core.logger.warn(
    { session_id: session.id, payment_id: updated.id, refund_id: autoRefund?.id },
    'second success on a paid session: refunding it',
  )
  // `payment.duplicate_refunded` is sent once the refund succeeds (duplicate-refunds.ts).
  return { payment: updated, changed: true, ...(autoRefund ? { autoRefund } : {}) }
}

/**
 * Stores the automatic refund of a duplicate payment for what is still refundable of it (the
 * merchant may have refunded part or all of it by hand), or nothing when nothing is.
 */
export async function insertAutomaticRefund(
  core: Core,
  tx: Db,
  payment: StoredPayment,
): Promise<StoredRefund | undefined> {
  const left = toCents(payment.amount) - (await reservedRefundCents(tx, payment.id))
  if (left <= 0n) return undefined
  return insertPendingRefund(core, tx, payment, {
    amount: fromCents(left),
    reason: 'duplicate payment of an already paid session',
    automatic: true,
  })
}

/** Applies a refund's gateway `trade_status`. */
export async function applyRefundTradeStatus(
  core: Core,
  tx: Db,
  refundId: string,
  tradeStatus: string,
) {
  if (!isDocumentedStatus(tradeStatus)) {
    core.logger.warn(
      { refund_id: refundId, trade_status: tradeStatus },
      'eftPay answered a refund trade_status no page documents: the refund stays open and is asked again',
    )
  }
  return applyRefundStatus(core, tx, refundId, refundStatusFor(tradeStatus))
}

/** Moves a refund to `target` if allowed, and the session along (`partially_refunded`, `refunded`). */
export async function applyRefundStatus(
  core: Core,
  tx: Db,
  refundId: string,
  target: RefundStatus,
): Promise<{ refund: StoredRefund; changed: boolean }> {
  const refund = await findRefund(tx, refundId)
  if (!refund) throw new Error(`refund ${refundId} vanished`)
  if (!canTransition('refund', refund.status, target)) return { refund, changed: false }
  const now = core.clock()
  if (!(await updateRefundStatus(tx, refund.id, refund.status, target, now)))
    return { refund, changed: false }
  const updated = (await findRefund(tx, refund.id)) as StoredRefund
  await emit(core, tx, target === 'succeeded' ? 'refund.succeeded' : 'refund.failed', {
    sessionId: refund.sessionId,
    refund: updated,
  })
  if (updated.automatic) await onAutomaticRefundFinal(core, tx, updated)
  if (target !== 'succeeded') return { refund: updated, changed: true }
  const session = await findSession(tx, refund.sessionId)
  // Only refunds of the payment that paid the session move it; automatic ones are of another payment.
  if (!session || session.paidPaymentId !== refund.paymentId)
    return { refund: updated, changed: true }
  const refunds = await listPaymentRefunds(tx, refund.paymentId)
  const refunded = refunds
    .filter((r) => r.status === 'succeeded')
    .reduce((sum, r) => sum + toCents(r.amount), 0n)
  const next = refunded >= toCents(session.amountPaid) ? 'refunded' : 'partially_refunded'
  const amountRefunded = fromCents(refunded)
  if (session.status === next) {
    await setAmountRefunded(tx, session.id, amountRefunded, now)
  } else if (canTransition('session', session.status, next)) {
    await updateSessionStatus(tx, session.id, session.status, next, { amountRefunded }, now)
  } else {
    core.logger.error(
      { session_id: session.id, from: session.status, to: next },
      'refund succeeded on a session in an unexpected state',
    )
    await setAmountRefunded(tx, session.id, amountRefunded, now)
  }
  await emit(core, tx, next === 'refunded' ? 'session.refunded' : 'session.partially_refunded', {
    sessionId: session.id,
    refund: updated,
  })
  return { refund: updated, changed: true }
}

/** Succeeded plus pending refunds of a payment, in cents (what may no longer be refunded). */
export async function reservedRefundCents(tx: Db, paymentId: string): Promise<bigint> {
  const refunds = await listPaymentRefunds(tx, paymentId)
  return refunds
    .filter((r) => r.status !== 'failed')
    .reduce((sum, r) => sum + toCents(r.amount), 0n)
}
