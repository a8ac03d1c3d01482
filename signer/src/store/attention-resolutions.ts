import type { Db } from './db.js'
import { paymentFromRow, type StoredPayment } from './payments.js'
import { refundFromRow, type StoredRefund } from './refunds.js'
import { int } from './rows.js'

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
 * Clears the flag of a pending row that has one (two people resolving at once: one wins). Returns
 * the row as it is after and when it had been flagged, or undefined when it is not flagged (any more).
 */
async function clearFlag(tx: Db, table: 'payments' | 'refunds', id: string, now: Date) {
  const flagged = "status = 'pending' AND needs_attention_at IS NOT NULL"
  const [before] = await tx.query(
    `SELECT needs_attention_at FROM ${table} WHERE id = ? AND ${flagged}`,
    [id],
  )
  if (!before) return undefined
  const [row] = await tx.query(
    `UPDATE ${table} SET needs_attention_at = NULL, attention_resolved_at = ? WHERE id = ? AND ${flagged} RETURNING *`,
    [now.getTime(), id],
  )
  return row ? { row, flaggedAt: new Date(int(before.needs_attention_at)) } : undefined
}

export async function clearPaymentFlag(
  tx: Db,
  id: string,
  now: Date,
): Promise<{ payment: StoredPayment; flaggedAt: Date } | undefined> {
  const cleared = await clearFlag(tx, 'payments', id, now)
  return cleared && { payment: paymentFromRow(cleared.row), flaggedAt: cleared.flaggedAt }
}

export async function clearRefundFlag(
  tx: Db,
  id: string,
  now: Date,
): Promise<{ refund: StoredRefund; flaggedAt: Date } | undefined> {
  const cleared = await clearFlag(tx, 'refunds', id, now)
  return cleared && { refund: refundFromRow(cleared.row), flaggedAt: cleared.flaggedAt }
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
