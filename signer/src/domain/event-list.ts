import { NotFoundError } from '../errors.js'
import type { Db, Row } from '../store/db.js'
import { type Delivery, deliveryOf, listEventRows, requeueEvent } from '../store/event-rows.js'
import { int, optionalInt, optionalText, text } from '../store/rows.js'
import type { Core } from './context.js'
import { decodeCursor, keysetPosition } from './list-cursor.js'
import { type Page, toPage } from './listing.js'

/**
 * The webhook events and their delivery (docs/api.md "GET /v1/events"), and sending one again
 * (`POST /v1/events/{id}/resend`). Read from the outbox (webhooks/outbox.ts); the dispatcher does
 * the sending as for any other due event.
 */

export interface EventDelivery {
  id: string
  type: string
  createdAt: Date
  sessionId?: string
  delivery: Delivery
  attempts: number
  /** The HTTP status of the last failed attempt, when the endpoint answered at all. */
  lastResponseCode?: number
  /** When the dispatcher tries next (pending and failing only). */
  nextAttemptAt?: Date
  deliveredAt?: Date
}

/** The dispatcher records a non-2xx answer as `HTTP <status>` (webhooks/dispatcher.ts). */
const responseCode = (lastError: string | undefined) => {
  const match = lastError ? /^HTTP (\d{3})\b/.exec(lastError) : null
  return match ? Number(match[1]) : undefined
}

export function eventDeliveryFromRow(row: Row): EventDelivery {
  const delivery = deliveryOf(row)
  const code = responseCode(optionalText(row.last_error))
  const sessionId = optionalText(row.session_id)
  const deliveredAt = optionalInt(row.delivered_at)
  return {
    id: text(row.id),
    type: text(row.type),
    createdAt: new Date(int(row.created_at)),
    ...(sessionId ? { sessionId } : {}),
    delivery,
    attempts: int(row.attempts),
    ...(code ? { lastResponseCode: code } : {}),
    ...(delivery === 'pending' || delivery === 'failing'
      ? { nextAttemptAt: new Date(int(row.next_attempt_at)) }
      : {}),
    ...(deliveredAt !== undefined ? { deliveredAt: new Date(deliveredAt) } : {}),
  }
}

export async function listEvents(
  db: Db,
  query: { limit: number; cursor?: string; sessionId?: string; type?: string; delivery?: Delivery },
): Promise<Page<EventDelivery>> {
  const after = query.cursor ? decodeCursor('events', query.cursor, keysetPosition) : undefined
  const rows = await listEventRows(db, {
    limit: query.limit,
    ...(query.sessionId ? { sessionId: query.sessionId } : {}),
    ...(query.type ? { type: query.type } : {}),
    ...(query.delivery ? { delivery: query.delivery } : {}),
    ...(after ? { after: { createdAt: after.t, id: after.id } } : {}),
  })
  return toPage('events', rows.map(eventDeliveryFromRow), query.limit, (kept) => kept)
}

/** Queues an event to be sent again now (idempotent while it waits; store/event-rows.ts). */
export async function resendEvent(
  core: Pick<Core, 'db' | 'clock'>,
  id: string,
): Promise<EventDelivery> {
  const row = await requeueEvent(core.db, id, core.clock())
  if (!row)
    throw new NotFoundError({
      code: 'event_not_found',
      param: 'id',
      message: `There is no event ${id.slice(0, 80)}. Take the id from GET /v1/events or a webhook.`,
    })
  return eventDeliveryFromRow(row)
}
