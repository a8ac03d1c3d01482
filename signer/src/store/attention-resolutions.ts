import type { Db } from './db.js'
import { paymentFromRow, type StoredPayment } from './payments.js'
import { refundFromRow, type StoredRefund } from './refunds.js'

/**
 * A person resolving a needs-attention flag (domain/attention-resolve.ts): the flag is cleared and
 * the row marked so the reconciler never flags it again; its status is not touched.
 */

export interface AttentionResolution {
  id: string
  object: 'payment' | 'refund'
  objectId: string
  sessionId: string
  note: string
  resolvedBy: string
  flaggedAt: Date
  resolvedAt: Date
}

/**
 * Clears the flag of a pending payment that has one, in one statement (two people resolving at once:
 * one wins). Returns it as it was flagged, or undefined when it is not flagged (any more).
 */
export async function clearPaymentFlag(
  tx: Db,
  id: string,
  now: Date,
): Promise<{ payment: StoredPayment; flaggedAt: Date } | undefined> {
  const [before] = await tx.query(
    "SELECT * FROM payments WHERE id = ? AND status = 'pending' AND needs_attention_at IS NOT NULL",
    [id],
  )
  if (!before) return undefined
  const [row] = await tx.query(
    `UPDATE payments SET needs_attention_at = NULL, attention_resolved_at = ?
       WHERE id = ? AND status = 'pending' AND needs_attention_at IS NOT NULL RETURNING *`,
    [now.getTime(), id],
  )
  const flagged = paymentFromRow(before)
  return row && flagged.needsAttentionAt
    ? { payment: paymentFromRow(row), flaggedAt: flagged.needsAttentionAt }
    : undefined
}

/** As `clearPaymentFlag`, for a refund. */
export async function clearRefundFlag(
  tx: Db,
  id: string,
  now: Date,
): Promise<{ refund: StoredRefund; flaggedAt: Date } | undefined> {
  const [before] = await tx.query(
    "SELECT * FROM refunds WHERE id = ? AND status = 'pending' AND needs_attention_at IS NOT NULL",
    [id],
  )
  if (!before) return undefined
  const [row] = await tx.query(
    `UPDATE refunds SET needs_attention_at = NULL, attention_resolved_at = ?
       WHERE id = ? AND status = 'pending' AND needs_attention_at IS NOT NULL RETURNING *`,
    [now.getTime(), id],
  )
  const flagged = refundFromRow(before)
  return row && flagged.needsAttentionAt
    ? { refund: refundFromRow(row), flaggedAt: flagged.needsAttentionAt }
    : undefined
}

export async function insertResolution(tx: Db, r: AttentionResolution): Promise<void> {
  await tx.execute(
    `INSERT INTO attention_resolutions (id, object, object_id, session_id, note, resolved_by, flagged_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      r.id,
      r.object,
      r.objectId,
      r.sessionId,
      r.note,
      r.resolvedBy,
      r.flaggedAt.getTime(),
      r.resolvedAt.getTime(),
    ],
  )
}
