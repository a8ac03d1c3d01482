import type { Db, Row } from './db.js'
import { paymentFromRow, type StoredPayment } from './payments.js'
import { refundFromRow, type StoredRefund } from './refunds.js'
import { int } from './rows.js'

/**
 * Taking background work when several signer instances share one database : every claim
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

/** Claims stale pending refunds the same way (`last_queried_at = now`). Oldest first. */
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
         ORDER BY created_at LIMIT ?${skipLocked(tx)})
       RETURNING *`,
      [now.getTime(), before.getTime(), before.getTime(), limit],
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

/**
 * Claims the next due webhook event for `leaseMs` (the dispatcher's lease, `locked_until`), or
 * nothing. `exclude` lists events already tried in this pass, so one pass tries each at most once.
 */
export async function claimNextEvent(
  db: Db,
  now: number,
  leaseMs: number,
  exclude: readonly string[] = [],
): Promise<Row | undefined> {
  const notTried = exclude.length ? ` AND id NOT IN (${exclude.map(() => '?').join(', ')})` : ''
  const due =
    "status = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until < ?)"
  const [row] = await db.transaction((tx) =>
    tx.query(
      `UPDATE outbox SET locked_until = ? WHERE id = (
         SELECT id FROM outbox WHERE ${due}${notTried}
         ORDER BY next_attempt_at, created_at, id LIMIT 1${skipLocked(tx)})
       AND ${due}
       RETURNING *`,
      [now + leaseMs, now, now, ...exclude, now, now],
    ),
  )
  return row
}

/**
 * Releases the webhook leases left in a SQLite file by a signer process that is gone. On SQLite
 * one process owns the file (docs/deploy.md: exactly one replica), so at start every lease in it
 * belongs to a process that died holding it (killed between a delivery and its bookkeeping): the
 * events are due again now instead of when the lease runs out (at-least-once, as documented;
 * receivers dedupe on the event id). On PostgreSQL live replicas hold leases: nothing is released.
 * Returns how many were released.
 */
export async function releaseOrphanedLeases(db: Db): Promise<number> {
  if (db.dialect !== 'sqlite') return 0
  const released = await db.execute(
    "UPDATE outbox SET locked_until = NULL WHERE status = 'pending' AND locked_until IS NOT NULL",
  )
  return released.rowsAffected
}
