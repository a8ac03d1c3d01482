import { ConflictError, NotFoundError } from '../errors.js'
import type { Db } from '../store/db.js'
import { findSession, type StoredSession } from '../store/sessions.js'

/** The session checks every way of paying shares: does it exist, may it still take money. */

/** The 404 for a session id that names no session. */
export function sessionNotFound(id: string): NotFoundError {
  return new NotFoundError({
    code: 'session_not_found',
    param: 'id',
    message: `No session ${id}. Check the id.`,
  })
}

/** Reads a session or throws `sessionNotFound`. */
export async function loadSession(db: Db, id: string): Promise<StoredSession> {
  const session = await findSession(db, id)
  if (!session) throw sessionNotFound(id)
  return session
}

/** Throws the 409 that tells the shopper why a session can take no payment (paid, or expired). */
export function assertPayable(session: StoredSession, now: Date): void {
  if (session.status === 'open' && now < session.expiresAt) return
  if (session.paidPaymentId || session.status === 'paid' || session.status.endsWith('refunded')) {
    throw new ConflictError({
      code: 'session_paid',
      message: 'This session is already paid. Show the shopper the result.',
    })
  }
  throw new ConflictError({
    code: 'session_not_open',
    message: 'This session has expired. Create a new session to take payment.',
  })
}
