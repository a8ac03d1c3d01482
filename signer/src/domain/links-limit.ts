import type { Db } from '../store/db.js'
import { countPaidSessions, findLink } from '../store/links.js'
import type { StoredPayment } from '../store/payments.js'
import type { Core } from './context.js'
import { emit } from './events.js'
import type { SessionRecord } from './types.js'

/**
 * A success that arrives after a link's limit was reached (a session that had expired and given its
 * place back was paid after all): the money moved, so it is kept, and flagged for a person through
 * the attention flag (docs/api.md "The payment limit"), never refunded silently. Runs in the
 * transaction that marked the session paid.
 */
export async function flagSuccessOverLinkLimit(
  core: Core,
  tx: Db,
  session: SessionRecord,
  payment: StoredPayment,
): Promise<boolean> {
  if (!session.linkId) return false
  const link = await findLink(tx, session.linkId)
  if (link?.maxPayments === undefined) return false
  const paid = await countPaidSessions(tx, link.id)
  if (paid <= link.maxPayments) return false
  const now = core.clock()
  await tx.execute('UPDATE payments SET needs_attention_at = ? WHERE id = ?', [
    now.getTime(),
    payment.id,
  ])
  await emit(core, tx, 'payment.needs_attention', {
    sessionId: session.id,
    payment: { ...payment, needsAttentionAt: now },
  })
  core.logger.error(
    {
      payment_id: payment.id,
      session_id: session.id,
      link_id: link.id,
      max_payments: link.maxPayments,
      paid,
    },
    'PAYMENT NEEDS ATTENTION: a payment link was paid more times than its max_payments; the payment is kept',
  )
  return true
}
