import type {
  AttentionPageJson,
  AttentionResolutionJson,
  EventDeliveryJson,
} from '../contract/lists.js'
import type { Resolved } from './attention-resolve.js'
import type { EventDelivery } from './event-list.js'
import type { Page } from './listing.js'
import { attentionJson, paymentJson, refundJson } from './serialize.js'
import type { NeedsAttention } from './types.js'

/** A page of the domain (listing.ts) → the API's list object (contract/lists.ts). */
export function listJson<T, J>(
  page: Page<T>,
  present: (item: T) => J,
): { object: 'list'; data: J[]; has_more: boolean; next_cursor: string | null } {
  return {
    object: 'list',
    data: page.data.map(present),
    has_more: page.hasMore,
    next_cursor: page.nextCursor ?? null,
  }
}

/** `GET /v1/attention` with its cursor. */
export function attentionPageJson(
  page: NeedsAttention & { nextCursor?: string },
): AttentionPageJson {
  return { ...attentionJson(page), next_cursor: page.nextCursor ?? null }
}

/** A webhook event and its delivery (`GET /v1/events`). */
export function eventDeliveryJson(e: EventDelivery): EventDeliveryJson {
  return {
    id: e.id,
    object: 'event',
    type: e.type,
    created_at: e.createdAt.toISOString(),
    session_id: e.sessionId ?? null,
    delivery: e.delivery,
    attempts: e.attempts,
    last_response_code: e.lastResponseCode ?? null,
    next_attempt_at: e.nextAttemptAt?.toISOString() ?? null,
    delivered_at: e.deliveredAt?.toISOString() ?? null,
  }
}

/** `POST /v1/attention/resolve`. */
export function attentionResolutionJson(r: Resolved): AttentionResolutionJson {
  return {
    id: r.resolution.id,
    object: 'attention_resolution',
    about: r.resolution.object,
    payment: r.payment ? paymentJson(r.payment) : null,
    refund: r.refund ? refundJson(r.refund) : null,
    note: r.resolution.note,
    resolved_by: r.resolution.resolvedBy,
    flagged_at: r.resolution.flaggedAt.toISOString(),
    resolved_at: r.resolution.resolvedAt.toISOString(),
  }
}
