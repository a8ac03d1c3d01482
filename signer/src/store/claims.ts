import type { Db, Row } from './db.js'
import { paymentFromRow, type StoredPayment } from './payments.js'
import { refundFromRow, type StoredRefund } from './refunds.js'
import { int } from './rows.js'

/**
 * Taking background work when several signer instances share one database: every claim
 * is one UPDATE that marks the rows it takes, so two instances never take the same row at once.
 *
 * The one dialect difference: PostgreSQL locks the candidate rows it picks and skips rows another
 * instance has locked (`FOR UPDATE SKIP LOCKED`), so two claimers at the same moment pick different
 * rows instead of queueing on the same ones. SQLite has one writer at a time (sqlite.ts), so the
 * plain subquery is already exclusive there. Claims run in a transaction so that on SQLite the
 * `UPDATE ... RETURNING` goes through the writer connection.
 */
export function skipLocked(db: Pick<Db, 'dialect'>): string {
  return db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : ''
}

/**
 * Claims pending payments created at or before `before` and not queried since `before`, leaving
 * out PreOrders still in flight and payments backing off after unanswered queries (`next_query_at`), by stamping `last_queried_at = now`: the reconciler's lease (no
 * other instance takes them until they are stale again). Oldest first.
 */
export async function claimStalePayments(
  db: Db,
  before: Date,
  now: Date,
  limit = 100,
): Promise<StoredPayment[]> {
  const rows = await db.transaction((tx) =>
    tx.query(
      `UPDATE payments SET last_queried_at = ? WHERE id IN (
         SELECT id FROM payments WHERE status = 'pending' AND created_at <= ?
           AND (last_queried_at IS NULL OR last_queried_at <= ?)
           AND (next_query_at IS NULL OR next_query_at <= ?)
           AND NOT (dispatch = 'sending' AND dispatch_until IS NOT NULL AND dispatch_until > ?)
         ORDER BY created_at LIMIT ?${skipLocked(tx)})
       RETURNING *`,
      [now.getTime(), before.getTime(), before.getTime(), now.getTime(), now.getTime(), limit],
    ),
  )
  return oldestFirst(rows).map(paymentFromRow)
}

/**
 * Claims stale pending refunds the same way (`last_queried_at = now`), leaving out refunds backing
 * off after queries that brought no final status (`next_query_at`). Oldest first.
 */
export async function claimStaleRefunds(
  db: Db,
  before: Date,
  now: Date,
  limit = 100,
): Promise<StoredRefund[]> {
  const rows = await db.transaction((tx) =>
    tx.query(
      `UPDATE refunds SET last_queried_at = ? WHERE id IN (
         SELECT id FROM refunds WHERE status = 'pending' AND created_at <= ?
           AND (last_queried_at IS NULL OR last_queried_at <= ?)
           AND (next_query_at IS NULL OR next_query_at <= ?)
         ORDER BY created_at LIMIT ?${skipLocked(tx)})
       RETURNING *`,
      [now.getTime(), before.getTime(), before.getTime(), now.getTime(), limit],
    ),
  )
  return oldestFirst(rows).map(refundFromRow)
}

/** RETURNING gives rows in no particular order. */
function oldestFirst(rows: Row[]): Row[] {
  return [...rows].sort(
    (a, b) => int(a.created_at) - int(b.created_at) || String(a.id).localeCompare(String(b.id)),
  )
}
