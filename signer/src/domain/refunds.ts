import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import { fromCents, isAmount, toCents } from '../money.js'
import { lockPayment } from '../store/locks.js'
import { findPayment, type StoredPayment } from '../store/payments.js'
import { findRefund, type StoredRefund } from '../store/refunds.js'
import { findSession } from '../store/sessions.js'
import type { Core } from './context.js'
import { insertPendingRefund } from './refund-rows.js'
import { followRefund, sendRefund } from './send-refund.js'
import { reservedRefundCents } from './state-changes.js'
import type { CreateRefundInput, RefundRecord } from './types.js'

/** The merchant's refunds: checked and reserved here, sent and followed by send-refund.ts. */

/** `PaymentsService.createRefund`: validates, reserves the amount under the payment's lock, sends it. */
export async function createRefund(core: Core, input: CreateRefundInput): Promise<RefundRecord> {
  if (!input.paymentId && !input.sessionId) {
    throw new ValidationError({
      code: 'missing_field',
      param: 'payment_id',
      message: 'Send payment_id or session_id.',
    })
  }
  if (input.amount !== undefined && (!isAmount(input.amount) || toCents(input.amount) <= 0n)) {
    throw new ValidationError({
      param: 'amount',
      message: 'amount must be more than zero with at most 2 decimals, like "12.50".',
    })
  }
  if (input.reason !== undefined && (input.reason.length === 0 || input.reason.length > 256)) {
    throw new ValidationError({ param: 'reason', message: 'reason must be 1 to 256 characters.' })
  }
  const refund = await core.db.transaction(async (tx) => {
    let payment: StoredPayment | undefined
    if (input.paymentId) {
      payment = await findPayment(tx, input.paymentId)
      if (!payment)
        throw new NotFoundError({
          code: 'payment_not_found',
          param: 'payment_id',
          message: `No payment ${input.paymentId}.`,
        })
      if (input.sessionId && payment.sessionId !== input.sessionId) {
        throw new ValidationError({
          param: 'payment_id',
          message: 'payment_id does not belong to session_id.',
        })
      }
    } else {
      const session = await findSession(tx, input.sessionId as string)
      if (!session)
        throw new NotFoundError({
          code: 'session_not_found',
          param: 'session_id',
          message: `No session ${input.sessionId}.`,
        })
      payment = session.paidPaymentId ? await findPayment(tx, session.paidPaymentId) : undefined
      if (!payment) {
        throw new ConflictError({
          code: 'payment_not_refundable',
          param: 'session_id',
          message: 'This session has no successful payment to refund.',
        })
      }
    }
    if (payment.status !== 'succeeded') {
      throw new ConflictError({
        code: 'payment_not_refundable',
        param: 'payment_id',
        message: `Only a succeeded payment can be refunded; this one is ${payment.status}.`,
      })
    }
    // Two refunds of one payment at once (two instances): the second waits here, then sees the first.
    await lockPayment(tx, payment.id)
    const left = toCents(payment.amount) - (await reservedRefundCents(tx, payment.id))
    const cents = input.amount !== undefined ? toCents(input.amount) : left
    if (left <= 0n || cents > left) {
      throw new ConflictError({
        code: 'refund_exceeds_payment',
        param: 'amount',
        message: `At most ${fromCents(left > 0n ? left : 0n)} ${payment.currency} of this payment can still be refunded.`,
      })
    }
    return insertPendingRefund(core, tx, payment, {
      amount: fromCents(cents),
      reason: input.reason,
      automatic: false,
    })
  })
  return sendRefund(core, refund.id)
}

/** `PaymentsService.getRefund`: a pending refund is asked about first; if that fails, the stored one. */
export async function getRefund(core: Core, id: string): Promise<RefundRecord | undefined> {
  const refund = await findRefund(core.db, id)
  if (refund?.status !== 'pending') return refund
  try {
    return await followRefund(core, refund)
  } catch (error) {
    // The stored state is still right, just not fresher: answer it rather than fail the read.
    core.logger.warn(
      { refund_id: id, error: error instanceof Error ? error.message : String(error) },
      'refund refresh failed',
    )
    return (await findRefund(core.db, id)) as StoredRefund
  }
}
