import { findPayment, type StoredPayment } from '../store/payments.js'
import { listPaymentRefunds, paymentsWithFailedAutomaticRefunds } from '../store/refunds.js'
import type { Core } from './context.js'
import { attemptsOf, backoffSecondsOf } from './duplicate-refund-outcome.js'
import { insertPendingRefund } from './refund-rows.js'
import { sendRefundQuietly } from './send-refund.js'

/**
 * One reconciler step: for each duplicate payment whose automatic refunds all failed, fewer than
 * the limit, and whose backoff has passed, stores a new automatic refund and sends it.
 * Returns how many were sent.
 */
export async function retryDuplicateRefunds(core: Core): Promise<number> {
  const now = core.clock().getTime()
  let sent = 0
  for (const paymentId of await paymentsWithFailedAutomaticRefunds(core.db)) {
    const retry = await core.db.transaction(async (tx) => {
      const refunds = (await listPaymentRefunds(tx, paymentId)).filter((r) => r.automatic)
      // Refunded, or an attempt still under way: nothing to do.
      if (refunds.some((r) => r.status !== 'failed')) return undefined
      if (refunds.length >= attemptsOf(core)) return undefined
      const last = Math.max(...refunds.map((r) => r.updatedAt.getTime()))
      const wait = backoffSecondsOf(core) * 1000 * 2 ** (refunds.length - 1)
      if (now < last + wait) return undefined
      const payment = (await findPayment(tx, paymentId)) as StoredPayment
      return insertPendingRefund(core, tx, payment, {
        amount: payment.amount,
        reason: 'duplicate payment of an already paid session',
        automatic: true,
      })
    })
    if (!retry) continue
    core.logger.warn(
      { payment_id: paymentId, refund_id: retry.id },
      'retrying the automatic refund of a duplicate payment',
    )
    await sendRefundQuietly(core, retry.id)
    sent += 1
  }
  return sent
}
