import type { WebhookEventType } from '@eftpay/webhooks'
import { skipLocked } from '../store/claims.js'
import type { Db, Row } from '../store/db.js'
import { int, optionalInt, optionalText, text } from '../store/rows.js'
import { nextEventSeq, sessionOfEvent } from './event-order.js'

/**
 * The webhook outbox: every state change writes its event here in the same transaction as the
 * change, so an event exists exactly when its change committed. The dispatcher sends them later.
 */

/** Event types (docs/api.md "Merchant webhooks"): the list merchants' types come from. */
export type EventType = WebhookEventType

/**
 * - `pending`: to be sent (when `next_attempt_at` is due and nobody holds its lease).
 * - `delivered`: the merchant answered 2xx.
 * - `no_endpoint`: no MERCHANT_WEBHOOK_URL was configured when it came due; kept, and sent once a
 *   signer starts with one (`requeueNoEndpoint`): a merchant who sets the URL late still hears of
 *   every payment (docs/api.md "Merchant webhooks").
 */
export type OutboxStatus = 'pending' | 'delivered' | 'no_endpoint'

export interface OutboxEvent {
  id: string
  type: EventType
  /** The exact JSON body that is signed and POSTed. */
  payload: string
  status: OutboxStatus
  attempts: number
  nextAttemptAt: Date
  lockedUntil?: Date
  lastError?: string
  createdAt: Date
  deliveredAt?: Date
}

export interface EventData {
  session?: unknown
  payment?: unknown
  refund?: unknown
}

export function outboxFromRow(row: Row): OutboxEvent {
  const locked = optionalInt(row.locked_until)
  const delivered = optionalInt(row.delivered_at)
  return {
    id: text(row.id),
    type: text(row.type) as EventType,
    payload: text(row.payload),
    status: text(row.status) as OutboxStatus,
    attempts: int(row.attempts),
    nextAttemptAt: new Date(int(row.next_attempt_at)),
    lockedUntil: locked === undefined ? undefined : new Date(locked),
    lastError: optionalText(row.last_error),
    createdAt: new Date(int(row.created_at)),
    deliveredAt: delivered === undefined ? undefined : new Date(delivered),
  }
}

/**
 * Writes an event; call it with the transaction that makes the change. The body is fixed now, so
 * every retry sends the same bytes and the merchant sees the state as of the change.
 */
export async function enqueueEvent(
  tx: Db,
  event: { id: string; type: EventType; data: EventData; now: Date },
): Promise<OutboxEvent> {
  const payload = JSON.stringify({
    id: event.id,
    type: event.type,
    created_at: event.now.toISOString(),
    data: event.data,
  })
  const at = event.now.getTime()
  // session_id and seq: a session's events go out in the order written (event-order.ts).
  await tx.execute(
    "INSERT INTO outbox (id, type, payload, status, attempts, next_attempt_at, created_at, session_id, seq) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?)",
    [event.id, event.type, payload, at, at, sessionOfEvent(event.data), nextEventSeq(event.now)],
  )
  return {
    id: event.id,
    type: event.type,
    payload,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: event.now,
    createdAt: event.now,
  }
}

export async function listEvents(
  db: Db,
  filter: { type?: EventType } = {},
): Promise<OutboxEvent[]> {
  const rows = filter.type
    ? await db.query('SELECT * FROM outbox WHERE type = ? ORDER BY created_at, seq, id', [
        filter.type,
      ])
    : await db.query('SELECT * FROM outbox ORDER BY created_at, seq, id')
  return rows.map(outboxFromRow)
}

export async function findEvent(db: Db, id: string): Promise<OutboxEvent | undefined> {
  const [row] = await db.query('SELECT * FROM outbox WHERE id = ?', [id])
  return row ? outboxFromRow(row) : undefined
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
  // A session's events go in the order written (event-order.ts): none while an earlier one of the
  // same session is still pending, however its retries are scheduled.
  const inOrder = `NOT EXISTS (SELECT 1 FROM outbox earlier WHERE earlier.session_id = candidate.session_id
       AND earlier.status = 'pending' AND (earlier.seq < candidate.seq OR (earlier.seq = candidate.seq AND earlier.id < candidate.id)))`
  const [row] = await db.transaction((tx) =>
    tx.query(
      `UPDATE outbox SET locked_until = ? WHERE id = (
         SELECT id FROM outbox candidate WHERE ${due}${notTried} AND ${inOrder}
         ORDER BY next_attempt_at, created_at, seq, id LIMIT 1${skipLocked(tx)})
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

/** A delivery the receiver answered 2xx: done. */
export async function markDelivered(db: Db, id: string, now: Date): Promise<void> {
  await db.execute(
    "UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, locked_until = NULL, last_error = NULL WHERE id = ?",
    [now.getTime(), id],
  )
}

/** A failed delivery: tried again at `next`, with the error kept (at most 500 characters). */
export async function scheduleRetry(
  db: Db,
  id: string,
  attempts: number,
  next: Date,
  error: string,
): Promise<void> {
  await db.execute(
    'UPDATE outbox SET attempts = ?, next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE id = ?',
    [attempts, next.getTime(), error.slice(0, 500), id],
  )
}

/** Without MERCHANT_WEBHOOK_URL, due events are kept as `no_endpoint` and never sent. */
export async function markNoEndpoint(db: Db, now: Date): Promise<number> {
  const marked = await db.execute(
    "UPDATE outbox SET status = 'no_endpoint' WHERE status = 'pending' AND next_attempt_at <= ?",
    [now.getTime()],
  )
  return marked.rowsAffected
}

/**
 * The events kept while there was no MERCHANT_WEBHOOK_URL, due again now that there is one. Their
 * order per session holds (claimNextEvent). Several replicas may run it at once: it only ever turns
 * `no_endpoint` into `pending`.
 */
export async function requeueNoEndpoint(db: Db, now: Date): Promise<number> {
  const requeued = await db.execute(
    "UPDATE outbox SET status = 'pending', next_attempt_at = ?, locked_until = NULL WHERE status = 'no_endpoint'",
    [now.getTime()],
  )
  return requeued.rowsAffected
}
