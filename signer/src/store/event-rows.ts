import type { Db, Row } from './db.js'
import { condition, keysetRows } from './keyset.js'

/**
 * The merchant's view of the webhook outbox (webhooks/outbox.ts): listing newest first and sending
 * one event again (docs/api.md "GET /v1/events").
 */

/**
 * Where an event's delivery stands, from the outbox row: `pending` (not tried yet, or sent again
 * on request), `failing` (tried, no 2xx yet, retried with backoff: the dispatcher keeps the last
 * error), `delivered` (answered 2xx), `no_endpoint` (kept while MERCHANT_WEBHOOK_URL was unset).
 */
export type Delivery = 'pending' | 'failing' | 'delivered' | 'no_endpoint'

const DELIVERY_SQL: Record<Delivery, string> = {
  pending: "status = 'pending' AND last_error IS NULL",
  failing: "status = 'pending' AND last_error IS NOT NULL",
  delivered: "status = 'delivered'",
  no_endpoint: "status = 'no_endpoint'",
}

export function deliveryOf(row: Row): Delivery {
  const status = String(row.status)
  if (status === 'delivered' || status === 'no_endpoint') return status
  return row.last_error === null || row.last_error === undefined ? 'pending' : 'failing'
}

export async function listEventRows(
  db: Db,
  f: {
    sessionId?: string
    type?: string
    delivery?: Delivery
    after?: { createdAt: number; id: string }
    limit: number
  },
): Promise<Row[]> {
  const where = []
  if (f.sessionId) where.push(condition('session_id = ?', f.sessionId))
  if (f.type) where.push(condition('type = ?', f.type))
  if (f.delivery) where.push(condition(DELIVERY_SQL[f.delivery]))
  return keysetRows(db, {
    table: 'outbox',
    where,
    ...(f.after ? { after: f.after } : {}),
    limit: f.limit,
  })
}

export async function findEventRow(db: Db, id: string): Promise<Row | undefined> {
  const [row] = await db.query('SELECT * FROM outbox WHERE id = ?', [id])
  return row
}

/**
 * Makes an event due now, the same bytes as before (the dispatcher signs them afresh when it sends).
 * A delivered or kept event goes back to pending; one still waiting is only made due now, so a
 * repeated request never queues a second copy. One the dispatcher holds right now (its lease) is
 * left alone: it is being sent. Returns the row as it is after.
 */
export async function requeueEvent(db: Db, id: string, now: Date): Promise<Row | undefined> {
  const at = now.getTime()
  await db.execute(
    `UPDATE outbox SET status = 'pending', next_attempt_at = ?, delivered_at = NULL
       WHERE id = ? AND (locked_until IS NULL OR locked_until < ?)`,
    [at, id, at],
  )
  return findEventRow(db, id)
}
