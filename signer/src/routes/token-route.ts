import type { SessionRecord } from '../domain/types.js'
import { ConflictError } from '../errors.js'

/** What the Apple Pay and Google Pay routes share (docs/api.md "Browser endpoints"). */

/** A token is only taken for an open session: the sheet cannot pay a paid or expired one. */
export function assertSessionOpen(session: SessionRecord): void {
  if (session.status === 'open') return
  throw new ConflictError({
    code: session.status === 'expired' ? 'session_not_open' : 'session_paid',
    message: `This session is ${session.status}; it cannot be paid again.`,
  })
}
