import type { Currency, RefundRecord, RefundStatus } from '../domain/types.js'
import type { Db, Row } from './db.js'
import { date, int, optionalDate, optionalText, placeholders, text } from './rows.js'

/** Where the refund request stands at the gateway (see `Dispatch` in payments.ts). */
export type RefundDispatch = 'sending' | 'placed' | 'unknown'

export interface StoredRefund extends RefundRecord {
  dispatch: RefundDispatch
  lastQueriedAt?: Date
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

/** Moves a refund between statuses only if still in `from`. */
export async function updateRefundStatus(
  db: Db,
  id: string,
  from: RefundStatus,
  to: RefundStatus,
  now: Date,
): Promise<boolean> {
  const result = await db.execute(
    'UPDATE refunds SET status = ?, updated_at = ? WHERE id = ? AND status = ?',
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
