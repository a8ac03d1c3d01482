import type { AttentionPageJson } from '../contract/lists.js'
import type { Page } from './listing.js'
import { attentionJson } from './serialize.js'
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
