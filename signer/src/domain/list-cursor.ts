import { createHash } from 'node:crypto'
import { z } from 'zod'
import { ValidationError } from '../errors.js'

/**
 * The opaque `cursor` of every list (docs/api.md "Lists and cursors"): where the next page starts,
 * as base64url of `{"k": list, "at": position}` followed by `.` and a short SHA-256 check of those
 * bytes. The check is integrity, not secrecy: a cursor only says where a page of the merchant's own
 * data starts, so one changed by hand (or from another list) is refused as a 400 naming `cursor`
 * instead of silently paging from somewhere else.
 */

export type ListKind = 'sessions' | 'payments' | 'refunds' | 'events' | 'attention'

/** The keyset of the newest-first lists: the last row's `created_at` (epoch ms) and id. */
export const keysetPosition = z.strictObject({
  t: z.number().int().nonnegative(),
  id: z.string().min(1).max(80),
})
export type KeysetPosition = z.infer<typeof keysetPosition>

const CHECK_BYTES = 9

const check = (body: string) =>
  createHash('sha256').update(body).digest().subarray(0, CHECK_BYTES).toString('base64url')

export function encodeCursor(kind: ListKind, at: unknown): string {
  const body = Buffer.from(JSON.stringify({ k: kind, at })).toString('base64url')
  return `${body}.${check(body)}`
}

/** The position a cursor holds, or a 400 naming `cursor` when it is not one this list made. */
export function decodeCursor<S extends z.ZodType>(
  kind: ListKind,
  cursor: string,
  position: S,
): z.infer<S> {
  const [body = '', sum, extra] = cursor.split('.')
  if (extra !== undefined || !sum || check(body) !== sum) throw badCursor()
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    throw badCursor()
  }
  const envelope = z.strictObject({ k: z.literal(kind), at: position }).safeParse(parsed)
  if (!envelope.success) throw badCursor()
  return (envelope.data as { at: z.infer<S> }).at
}

const badCursor = () =>
  new ValidationError({
    code: 'invalid_field',
    param: 'cursor',
    message:
      'cursor is not a cursor of this list. Send next_cursor from the previous page as it came, or leave cursor out for the first page.',
  })
