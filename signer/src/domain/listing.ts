import { isAmount, normalizeAmount } from '../money.js'
import type { Db } from '../store/db.js'
import {
  childrenOfSessions,
  type ListFilter,
  listPaymentRows,
  listRefundRows,
  listSessionRows,
} from '../store/listing.js'
import { decodeCursor, encodeCursor, keysetPosition, type ListKind } from './list-cursor.js'
import type {
  PaymentRecord,
  PaymentStatus,
  RefundRecord,
  RefundStatus,
  SessionStatus,
  SessionWithChildren,
} from './types.js'

/**
 * The merchant lists (docs/api.md "GET /v1/sessions", "GET /v1/payments", "GET /v1/refunds"): one
 * function per list taking the store and the already-validated query, so the API's routes (API key)
 * and the console's server (its own sign-in) page and search the same way.
 */

/** The query every list takes (routes/list-schemas.ts validates it from the query string). */
export interface ListQuery {
  limit: number
  cursor?: string
  createdGte?: Date
  createdLt?: Date
  q?: string
}

/** One page, newest first; `nextCursor` is undefined on the last page. */
export interface Page<T> {
  data: T[]
  hasMore: boolean
  nextCursor?: string
}

export const DEFAULT_LIST_LIMIT = 20
export const MAX_LIST_LIMIT = 100

function storeFilter(kind: ListKind, query: ListQuery): ListFilter {
  const after = query.cursor ? decodeCursor(kind, query.cursor, keysetPosition) : undefined
  const q = query.q?.trim() || undefined
  return {
    limit: query.limit,
    ...(query.createdGte ? { createdGte: query.createdGte } : {}),
    ...(query.createdLt ? { createdLt: query.createdLt } : {}),
    ...(q ? { q } : {}),
    // "128", "128.0" and "128.00" all find the amount stored as "128.00".
    ...(q && isAmount(q) ? { qAmount: normalizeAmount(q) } : {}),
    ...(after ? { after: { createdAt: after.t, id: after.id } } : {}),
  }
}

/** Cuts the extra row read past the limit and makes the cursor from the last row kept. */
export function toPage<T, R extends { id: string; createdAt: Date }>(
  kind: ListKind,
  rows: R[],
  limit: number,
  present: (kept: R[]) => T[],
): Page<T> {
  const hasMore = rows.length > limit
  const kept = rows.slice(0, limit)
  const last = kept.at(-1)
  return {
    data: present(kept),
    hasMore,
    ...(hasMore && last
      ? { nextCursor: encodeCursor(kind, { t: last.createdAt.getTime(), id: last.id }) }
      : {}),
  }
}

export async function listSessions(
  db: Db,
  query: ListQuery & { status?: SessionStatus; wallet?: string },
): Promise<Page<SessionWithChildren>> {
  const rows = await listSessionRows(db, {
    ...storeFilter('sessions', query),
    ...(query.status ? { status: query.status } : {}),
    ...(query.wallet ? { wallet: query.wallet } : {}),
  })
  const kept = rows.slice(0, query.limit)
  const children = await childrenOfSessions(
    db,
    kept.map((s) => s.id),
  )
  return toPage('sessions', rows, query.limit, (sessions) =>
    sessions.map((session) => ({
      session,
      payments: children.payments.filter((p) => p.sessionId === session.id),
      refunds: children.refunds.filter((r) => r.sessionId === session.id),
    })),
  )
}

export async function listPayments(
  db: Db,
  query: ListQuery & { status?: PaymentStatus; wallet?: string },
): Promise<Page<PaymentRecord>> {
  const rows = await listPaymentRows(db, {
    ...storeFilter('payments', query),
    ...(query.status ? { status: query.status } : {}),
    ...(query.wallet ? { wallet: query.wallet } : {}),
  })
  return toPage('payments', rows, query.limit, (kept) => kept)
}

export async function listRefunds(
  db: Db,
  query: ListQuery & { status?: RefundStatus },
): Promise<Page<RefundRecord>> {
  const rows = await listRefundRows(db, {
    ...storeFilter('refunds', query),
    ...(query.status ? { status: query.status } : {}),
  })
  return toPage('refunds', rows, query.limit, (kept) => kept)
}
