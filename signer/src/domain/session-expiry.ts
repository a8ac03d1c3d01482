import { ConflictError, NotFoundError } from '../errors.js'
import type { Db } from '../store/db.js'
import { lockAndReadSession } from '../store/locks.js'
import { countPendingForSession } from '../store/payments.js'
import { updateSessionStatus } from '../store/sessions.js'
import type { Core } from './context.js'
import { emit } from './events.js'
import { getSession } from './sessions.js'
import type { SessionWithChildren } from './types.js'

/**
 * A session's one move from `open` to `expired` (docs/api.md "State rules"), shared by the
 * reconciler (lifetime over) and the merchant's `POST /v1/sessions/{id}/expire`: never while one of
 * its payments is still pending (eftPay may yet say it succeeded), and with the `session.expired`
 * event in the same transaction. The session row is locked first, as a payment start does, so a
 * payment cannot start between the check and the move.
 */

export type ExpiryOutcome = 'expired' | 'missing' | 'not_open' | 'payment_pending'

export async function expireOpenSession(
  core: Pick<Core, 'ids' | 'clock'>,
  tx: Db,
  sessionId: string,
): Promise<ExpiryOutcome> {
  const session = await lockAndReadSession(tx, sessionId)
  if (!session) return 'missing'
  if (session.status !== 'open') return 'not_open'
  if ((await countPendingForSession(tx, session.id)) > 0) return 'payment_pending'
  if (!(await updateSessionStatus(tx, session.id, 'open', 'expired', {}, core.clock())))
    return 'not_open'
  await emit(core, tx, 'session.expired', { sessionId: session.id })
  return 'expired'
}

/**
 * `POST /v1/sessions/{id}/expire`: the merchant ends an open session before its lifetime is over
 * (an order cancelled on their side). An expired one is answered as it is (idempotent); a paid one
 * is 409 `session_paid` (nothing leaves paid but refunds); one with a payment still pending with
 * eftPay is 409 `session_payment_in_flight`.
 */
export async function expireSession(core: Core, sessionId: string): Promise<SessionWithChildren> {
  const outcome = await core.db.transaction((tx) => expireOpenSession(core, tx, sessionId))
  const found = await getSession(core, sessionId)
  if (outcome === 'missing' || !found)
    throw new NotFoundError({
      code: 'session_not_found',
      param: 'id',
      message: `There is no session ${sessionId.slice(0, 80)}. Check the id.`,
    })
  if (outcome === 'payment_pending')
    throw new ConflictError({
      code: 'session_payment_in_flight',
      retryable: true,
      message:
        'A payment of this session is still pending with eftPay and may yet succeed, so the session cannot expire now. Try again once the payment has a final status (a payment.* webhook), or refund it if it succeeds.',
    })
  if (outcome === 'not_open' && found.session.status !== 'expired')
    throw new ConflictError({
      code: 'session_paid',
      message: `This session is ${found.session.status}: a paid session never expires. Refund it instead (POST /v1/refunds).`,
    })
  return found
}
