import { toCents } from '../money.js'
import type { Db } from '../store/db.js'
import { findPayment, type StoredPayment } from '../store/payments.js'
import { listPaymentRefunds, type StoredRefund } from '../store/refunds.js'
import type { Core } from './context.js'
import { emit } from './events.js'

/**
 * The automatic refund of a duplicate payment (a second success on a paid session) until the
 * shopper has their money back, or a person is told to act:
 * - the merchant hears `payment.duplicate_refunded` only once a refund of it succeeded;
 * - a failed attempt is tried again, as a new refund (a new `out_refund_no`: the failed one is
 *   final at eftPay) of what is still refundable, after a backoff that doubles, up to
 *   `duplicateRefundAttempts` attempts; the merchant's refunds of it by hand count, and once they
 *   give everything back nothing more is tried or reported;
 * - after the last, `payment.duplicate_refund_failed` says a person must act, the log says it at
 *   error level and `/metrics` counts it (`signer_duplicate_refunds_failed`, read from the outbox).
 * The retries are driven by the reconciler's passes, so they survive restarts (duplicate-refunds.ts).
 */

export const DUPLICATE_REFUND_ATTEMPTS = 5
export const DUPLICATE_REFUND_BACKOFF_SECONDS = 60

export const attemptsOf = (core: Core) =>
  core.options.duplicateRefundAttempts ?? DUPLICATE_REFUND_ATTEMPTS
export const backoffSecondsOf = (core: Core) =>
  core.options.duplicateRefundBackoffSeconds ?? DUPLICATE_REFUND_BACKOFF_SECONDS

/** Called (in the refund's transaction) when an automatic refund reached a final status. */
export async function onAutomaticRefundFinal(core: Core, tx: Db, refund: StoredRefund) {
  const payment = (await findPayment(tx, refund.paymentId)) as StoredPayment
  if (refund.status === 'succeeded') {
    await emit(core, tx, 'payment.duplicate_refunded', {
      sessionId: refund.sessionId,
      payment,
      refund,
    })
    return
  }
  const refunds = await listPaymentRefunds(tx, payment.id)
  const failed = refunds.filter((r) => r.automatic && r.status === 'failed').length
  // The merchant's own refunds of it may already give (or be giving) everything back.
  const reserved = refunds
    .filter((r) => r.status !== 'failed')
    .reduce((sum, r) => sum + toCents(r.amount), 0n)
  if (reserved >= toCents(payment.amount)) {
    core.logger.info(
      { payment_id: payment.id, refund_id: refund.id },
      'automatic refund of a duplicate payment failed, but its refunds by hand cover it',
    )
    return
  }
  if (failed < attemptsOf(core)) {
    core.logger.warn(
      { payment_id: payment.id, refund_id: refund.id, attempt: failed, of: attemptsOf(core) },
      'automatic refund of a duplicate payment failed: it will be tried again',
    )
    return
  }
  core.logger.error(
    {
      session_id: refund.sessionId,
      payment_id: payment.id,
      refund_id: refund.id,
      attempts: failed,
    },
    'DUPLICATE PAYMENT NOT REFUNDED: every automatic refund failed; the shopper paid twice and a person must refund them',
  )
  await emit(core, tx, 'payment.duplicate_refund_failed', {
    sessionId: refund.sessionId,
    payment,
    refund,
  })
}
