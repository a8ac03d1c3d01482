import type { StoredPayment } from '../../store/payments.js'

/**
 * What starting a payment does, decided from the session's earlier attempts and the clock alone
 * (no I/O: the callers read the attempts under the session's lock and act on the answer).
 * How a payment's gateway order moves between `sending`, `placed`, `unknown` and `abandoned` is
 * in transitions.ts beside this file.
 */

/** How long a PreOrder in flight holds its payment before another start may recover it (ms). */
export const DISPATCH_LEASE_MS = 60_000

/** When the lease of a PreOrder sent now ends (`PaymentsOptions.dispatchLeaseMs`, or the default). */
export function sendingUntil(options: { dispatchLeaseMs?: number }, now: Date): Date {
  return new Date(now.getTime() + (options.dispatchLeaseMs ?? DISPATCH_LEASE_MS))
}

/** The fields of an earlier attempt that the decision reads. */
export type Attempt = Pick<
  StoredPayment,
  'status' | 'dispatch' | 'dispatchUntil' | 'expiresAt' | 'nextAction'
>

/** A wallet's PreOrder (start-payment.ts) or an Apple Pay / Google Pay token (token-payment.ts). */
export type StartFlow = 'preorder' | 'token'

/**
 * - `reuse`: a placed order the shopper can still pay: answer its pay link again.
 * - `in-flight`: its order is being sent right now: wait for it, or say so (409).
 * - `recover`: its order's outcome is not known: ask eftPay before anything is sent again.
 * - `new`: store a new attempt and send its order.
 */
export type StartDecision<A extends Attempt = Attempt> =
  | { kind: 'reuse' | 'in-flight' | 'recover'; attempt: A }
  | { kind: 'new' }

/**
 * `attempts`: the session's earlier attempts that compete with this one (a PreOrder: same wallet
 * and route, newest first, and the newest live one decides; a token: same wallet, in any order).
 * Only pending attempts count, and never an abandoned one: its pay link never reached us, it is
 * only followed to its final state.
 */
export function decideStart<A extends Attempt>(
  attempts: readonly A[],
  now: Date,
  flow: StartFlow,
): StartDecision<A> {
  for (const attempt of attempts) {
    if (attempt.status !== 'pending' || attempt.dispatch === 'abandoned') continue
    if (flow === 'token') {
      // A token is spent once it is sent (the card may have been charged), so a token attempt is
      // never reused nor sent again, whatever its lease: only one is with eftPay at a time.
      if (attempt.dispatch === 'sending') return { kind: 'in-flight', attempt }
      continue
    }
    // Past its active time the shopper can no longer pay it: it is the reconciler's now.
    if (attempt.expiresAt <= now) continue
    if (attempt.dispatch === 'placed' && attempt.nextAction) return { kind: 'reuse', attempt }
    if (attempt.dispatch === 'sending' && attempt.dispatchUntil && attempt.dispatchUntil > now)
      return { kind: 'in-flight', attempt }
    // Unknown, placed with no pay link stored, or sent by a process that stopped before its reply:
    // eftPay may hold the order, so it is asked before anything is sent again.
    return { kind: 'recover', attempt }
  }
  return { kind: 'new' }
}
