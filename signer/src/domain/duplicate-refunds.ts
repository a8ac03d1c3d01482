import { findPayment, type StoredPayment } from '../store/payments.js'
import { listPaymentRefunds, paymentsWithFailedAutomaticRefunds } from '../store/refunds.js'
import type { Core } from './context.js'
import { attemptsOf, backoffSecondsOf } from './duplicate-refund-outcome.js'
import { sendRefundQuietly } from './send-refund.js'
import { insertAutomaticRefund } from './state-changes.js'

/**
 * One reconciler step: for each duplicate payment whose automatic refunds all failed, fewer than
 * the limit, and whose backoff has passed, stores a new automatic refund of what is still
 * refundable and sends it. Nothing is sent once nothing is refundable (the merchant refunded it by
 * hand) or while any refund of it is still pending. Returns how many were sent.
 */
export async function retryDuplicateRefunds(core: Core): Promise<number> {
  const now = core.clock().getTime()
  let sent = 0
  for (const paymentId of await paymentsWithFailedAutomaticRefunds(core.db)) {
    const retry = await core.db.transaction(async (tx) => {
      const all = await listPaymentRefunds(tx, paymentId)
      const refunds = all.filter((r) => r.automatic)
      // Refunded automatically, or a refund of it still under way: nothing to do now.
      if (refunds.some((r) => r.status === 'succeeded') || all.some((r) => r.status === 'pending'))
        return undefined
      if (refunds.length >= attemptsOf(core)) return undefined
      const last = Math.max(...refunds.map((r) => r.updatedAt.getTime()))
      const wait = backoffSecondsOf(core) * 1000 * 2 ** (refunds.length - 1)
      if (now < last + wait) return undefined
      const payment = (await findPayment(tx, paymentId)) as StoredPayment
      // Undefined when the merchant's own refunds already gave everything back.
      return insertAutomaticRefund(core, tx, payment)
    })
    if (!retry) continue
    core.logger.warn(
      { payment_id: paymentId, refund_id: retry.id, amount: retry.amount },
      'retrying the automatic refund of a duplicate payment',
    )
    await sendRefundQuietly(core, retry.id)
    sent += 1
  }
  return sent
}
