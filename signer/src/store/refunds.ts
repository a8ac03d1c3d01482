import type { Currency, RefundRecord, RefundStatus } from '../domain/types.js'
import { skipLocked } from './claims.js'
import type { Db, Row } from './db.js'
import { date, int, optionalDate, optionalText, placeholders, text } from './rows.js'

/**
 * Where the refund request stands at the gateway (see `Dispatch` in payments.ts); `refused`: eftPay
 * answered the request with a refusal (not a final answer: the refund is asked about, never resent).
 */
export type RefundDispatch = 'sending' | 'placed' | 'unknown' | 'refused'

export interface StoredRefund extends RefundRecord {
  dispatch: RefundDispatch
  lastQueriedAt?: Date
  /** Queries in a row that brought no final status; the reconciler waits until `nextQueryAt`. */
  queryFailures: number
  nextQueryAt?: Date
}

const COLUMNS = [
  'id',
  'payment_id',
  'session_id',
  'out_refund_no',
  'amount',
  'currency',
  'reason',
  'status',
  'automatic',
  'dispatch',
  'created_at',
  'updated_at',
  'last_queried_at',
] as const

export function refundFromRow(row: Row): StoredRefund {
  return {
    id: text(row.id),
    paymentId: text(row.payment_id),
    sessionId: text(row.session_id),
    outRefundNo: text(row.out_refund_no),
    amount: text(row.amount),
    currency: text(row.currency) as Currency,
    reason: optionalText(row.reason),
    status: text(row.status) as RefundStatus,
    automatic: int(row.automatic) === 1,
    dispatch: text(row.dispatch) as RefundDispatch,
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    lastQueriedAt: optionalDate(row.last_queried_at),
    queryFailures: row.query_failures === undefined ? 0 : int(row.query_failures),
    nextQueryAt: optionalDate(row.next_query_at),
    needsAttentionAt: optionalDate(row.needs_attention_at),
  }
}

export async function insertRefund(db: Db, r: StoredRefund): Promise<void> {
  await db.execute(
    `INSERT INTO refunds (${COLUMNS.join(', ')}) VALUES (${placeholders(COLUMNS.length)})`,
    [
      r.id,
      r.paymentId,
      r.sessionId,
      r.outRefundNo,
      r.amount,
      r.currency,
      r.reason ?? null,
      r.status,
      r.automatic ? 1 : 0,
      r.dispatch,
      r.createdAt.getTime(),
      r.updatedAt.getTime(),
      r.lastQueriedAt?.getTime() ?? null,
    ],
  )
}

export async function findRefund(db: Db, id: string): Promise<StoredRefund | undefined> {
  const [row] = await db.query('SELECT * FROM refunds WHERE id = ?', [id])
  return row ? refundFromRow(row) : undefined
}

export async function listSessionRefunds(db: Db, sessionId: string): Promise<StoredRefund[]> {
  const rows = await db.query(
    'SELECT * FROM refunds WHERE session_id = ? ORDER BY created_at, id',
    [sessionId],
  )
  return rows.map(refundFromRow)
}

export async function listPaymentRefunds(db: Db, paymentId: string): Promise<StoredRefund[]> {
  const rows = await db.query(
    'SELECT * FROM refunds WHERE payment_id = ? ORDER BY created_at, id',
    [paymentId],
  )
  return rows.map(refundFromRow)
}

/** Moves a refund between statuses only if still in `from` (and clears its flag). */
export async function updateRefundStatus(
  db: Db,
  id: string,
  from: RefundStatus,
  to: RefundStatus,
  now: Date,
): Promise<boolean> {
  const result = await db.execute(
    // A flag for a person goes with the uncertainty it was about.
    'UPDATE refunds SET status = ?, updated_at = ?, needs_attention_at = NULL WHERE id = ? AND status = ?',
    [to, now.getTime(), id, from],
  )
  return result.rowsAffected === 1
}

export async function setRefundDispatch(
  db: Db,
  id: string,
  dispatch: RefundDispatch,
  now: Date,
): Promise<void> {
  await db.execute('UPDATE refunds SET dispatch = ?, updated_at = ? WHERE id = ?', [
    dispatch,
    now.getTime(),
    id,
  ])
}

export async function touchRefundQueried(db: Db, id: string, now: Date): Promise<void> {
  await db.execute('UPDATE refunds SET last_queried_at = ? WHERE id = ?', [now.getTime(), id])
}

export async function deleteRefund(db: Db, id: string): Promise<void> {
  await db.execute('DELETE FROM refunds WHERE id = ?', [id])
}

/** Payments with at least one failed automatic refund (duplicate payments still to be refunded). */
export async function paymentsWithFailedAutomaticRefunds(db: Db): Promise<string[]> {
  const rows = await db.query<{ payment_id: string }>(
    "SELECT DISTINCT payment_id FROM refunds WHERE automatic = 1 AND status = 'failed'",
  )
  return rows.map((row) => row.payment_id)
}

/** A query that brought no final status: the reconciler leaves this refund alone until `next`. */
export async function deferRefundQuery(db: Db, id: string, next: Date): Promise<void> {
  await db.execute(
    'UPDATE refunds SET query_failures = query_failures + 1, next_query_at = ? WHERE id = ?',
    [next.getTime(), id],
  )
}

/** Flags pending refunds created at or before `cutoff`, not flagged yet (as `flagPendingPayments`). */
export async function flagPendingRefunds(
  tx: Db,
  cutoff: Date,
  now: Date,
  limit = 100,
): Promise<StoredRefund[]> {
  const rows = await tx.query(
    `UPDATE refunds SET needs_attention_at = ? WHERE id IN (
       SELECT id FROM refunds WHERE status = 'pending' AND needs_attention_at IS NULL AND attention_resolved_at IS NULL
         AND created_at <= ?
       ORDER BY created_at LIMIT ?${skipLocked(tx)})
     RETURNING *`,
    [now.getTime(), cutoff.getTime(), limit],
  )
  return rows.map(refundFromRow).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}

/** Pending refunds flagged as needing a person, longest flagged first (at most `limit`). */
export async function listRefundsNeedingAttention(db: Db, limit: number): Promise<StoredRefund[]> {
  const rows = await db.query(
    `SELECT * FROM refunds WHERE status = 'pending' AND needs_attention_at IS NOT NULL
       ORDER BY needs_attention_at, created_at, id LIMIT ?`,
    [limit],
  )
  return rows.map(refundFromRow)
}

/** How many pending refunds are flagged as needing a person (the metric). */
export async function countRefundsNeedingAttention(db: Db): Promise<number> {
  const [row] = await db.query(
    "SELECT COUNT(*) AS n FROM refunds WHERE status = 'pending' AND needs_attention_at IS NOT NULL",
  )
  return Number(row?.n ?? 0)
}
