import type { Db } from '../store/db.js'
import type { StoredPayment } from '../store/payments.js'
import { insertRefund, type StoredRefund } from '../store/refunds.js'
import { nextRefundNumber } from '../store/sessions.js'
import type { Core } from './context.js'
import { outRefundNo } from './ids.js'

/**
 * Stores a new pending refund of `payment` under the session's next refund number (its
 * `out_refund_no`), still `sending`: the caller sends it after commit.
 */
export async function insertPendingRefund(
  core: Core,
  tx: Db,
  payment: StoredPayment,
  fields: Pick<StoredRefund, 'amount' | 'reason' | 'automatic'>,
): Promise<StoredRefund> {
  const now = core.clock()
  const number = await nextRefundNumber(tx, payment.sessionId)
  const refund: StoredRefund = {
    id: core.ids.refund(),
    paymentId: payment.id,
    sessionId: payment.sessionId,
    outRefundNo: outRefundNo(payment.sessionId, number),
    amount: fields.amount,
    currency: payment.currency,
    reason: fields.reason,
    status: 'pending',
    automatic: fields.automatic,
    dispatch: 'sending',
    queryFailures: 0,
    createdAt: now,
    updatedAt: now,
  }
  await insertRefund(tx, refund)
  return refund
}
