import type { PaymentStatus, RefundStatus, SessionStatus } from './types.js'

/**
 * The state machines of docs/api.md ("State rules"), in one place. Money truth wins: a verified
 * TRADE_SUCCESS moves a failed or expired payment to succeeded, and an expired session to paid.
 * Nothing leaves `succeeded`; repeats of the current state are not transitions (callers treat
 * them as no-ops). The store enforces the same rules with `UPDATE ... WHERE status = ?`.
 */

export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['succeeded', 'failed', 'expired'],
  failed: ['succeeded'],
  expired: ['succeeded'],
  succeeded: [],
}

export const SESSION_TRANSITIONS: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  open: ['paid', 'expired'],
  expired: ['paid'],
  paid: ['partially_refunded', 'refunded'],
  partially_refunded: ['refunded'],
  refunded: [],
}

export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  pending: ['succeeded', 'failed'],
  succeeded: [],
  failed: [],
}

type Machine = 'payment' | 'session' | 'refund'
type StatusOf<M extends Machine> = M extends 'payment'
  ? PaymentStatus
  : M extends 'session'
    ? SessionStatus
    : RefundStatus

const TABLES = {
  payment: PAYMENT_TRANSITIONS,
  session: SESSION_TRANSITIONS,
  refund: REFUND_TRANSITIONS,
} as const

/** Whether `from` → `to` is an allowed change (false for `from === to`). */
export function canTransition<M extends Machine>(
  machine: M,
  from: StatusOf<M>,
  to: StatusOf<M>,
): boolean {
  const allowed = (TABLES[machine] as Record<string, readonly string[]>)[from] ?? []
  return allowed.includes(to)
}

/** Thrown when code tries a change the rules forbid: a bug, or a race another writer won. */
export class InvalidTransitionError extends Error {
  constructor(
    readonly machine: Machine,
    readonly from: string,
    readonly to: string,
  ) {
    super(`${machine} cannot go from ${from} to ${to}`)
    this.name = 'InvalidTransitionError'
  }
}

export function assertTransition<M extends Machine>(
  machine: M,
  from: StatusOf<M>,
  to: StatusOf<M>,
): void {
  if (!canTransition(machine, from, to)) throw new InvalidTransitionError(machine, from, to)
}
