import { z } from 'zod'
import {
  type AttentionKey,
  flaggedPaymentsAfter,
  flaggedRefundsAfter,
} from '../store/attention-rows.js'
import type { Db } from '../store/db.js'
import { decodeCursor, encodeCursor } from './list-cursor.js'
import type { NeedsAttention } from './types.js'

/**
 * `GET /v1/attention` page by page (docs/api.md "GET /v1/attention"): up to `limit` payments and
 * `limit` refunds, longest flagged first. The cursor holds a position in each of the two lists
 * (`end` once one is exhausted), so the next page continues both.
 */

const key = z.strictObject({
  f: z.number().int().nonnegative(),
  t: z.number().int().nonnegative(),
  id: z.string().min(1).max(80),
})
const position = z.strictObject({
  p: z.union([key, z.literal('end')]).optional(),
  r: z.union([key, z.literal('end')]).optional(),
})
type Position = z.infer<typeof position>[keyof z.infer<typeof position>]

const toKey = (p: Position): AttentionKey | undefined =>
  p && p !== 'end' ? { flaggedAt: p.f, createdAt: p.t, id: p.id } : undefined

const fromRecord = (r: { id: string; createdAt: Date; needsAttentionAt?: Date }) => ({
  f: r.needsAttentionAt?.getTime() ?? 0,
  t: r.createdAt.getTime(),
  id: r.id,
})

export async function listNeedsAttentionPage(
  db: Db,
  query: { limit: number; cursor?: string },
): Promise<NeedsAttention & { nextCursor?: string }> {
  const at = query.cursor ? decodeCursor('attention', query.cursor, position) : {}
  const take = query.limit + 1
  const payments = at.p === 'end' ? [] : await flaggedPaymentsAfter(db, toKey(at.p), take)
  const refunds = at.r === 'end' ? [] : await flaggedRefundsAfter(db, toKey(at.r), take)
  const keptPayments = payments.slice(0, query.limit)
  const keptRefunds = refunds.slice(0, query.limit)
  const morePayments = payments.length > query.limit
  const moreRefunds = refunds.length > query.limit
  const hasMore = morePayments || moreRefunds
  const last = <T extends { id: string; createdAt: Date; needsAttentionAt?: Date }>(
    kept: T[],
    more: boolean,
  ) => {
    const tail = kept.at(-1)
    return more && tail ? fromRecord(tail) : ('end' as const)
  }
  return {
    payments: keptPayments,
    refunds: keptRefunds,
    hasMore,
    ...(hasMore
      ? {
          nextCursor: encodeCursor('attention', {
            p: last(keptPayments, morePayments),
            r: last(keptRefunds, moreRefunds),
          }),
        }
      : {}),
  }
}
