import type { PublicSession } from '../api/types.js'

/** What a session says about a payment: final, still pending, or no payment at all. */
export type Outcome = 'succeeded' | 'failed' | 'expired' | 'pending' | 'none'

/**
 * Reads the outcome from the public view of a session. The session's status wins (a paid session
 * is paid, whatever one attempt says: the money moved, and a session's status never moves back);
 * otherwise the given payment's status, or the latest payment's when none is given (a return page).
 */
export function outcomeOf(session: PublicSession, paymentId?: string): Outcome {
  // paid, partially_refunded, refunded: the session was paid.
  if (/paid|refunded/.test(session.status)) return 'succeeded'
  if (session.status === 'expired') return 'expired'
  const payment = paymentId
    ? session.payments.find((p) => p.id === paymentId)
    : session.payments.at(-1)
  return payment?.status ?? 'none'
}
