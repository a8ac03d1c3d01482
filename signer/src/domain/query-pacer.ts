import type { StoredPayment } from '../store/payments.js'
import type { Core } from './context.js'

/**
 * Gateway queries for one payment are coalesced and spaced, whatever asks (the return address, the
 * widget's polling through a refresh, the reconciler): at most one query per payment in flight in
 * this process (a caller arriving meanwhile shares its answer), and none sooner than
 * `paymentQueryIntervalMs` after the previous one. The previous query's time is read from the
 * payment row (`last_queried_at`, written before each query), so the spacing also holds between
 * instances sharing a store; within a process it holds even before that write is visible.
 * A replayed signed return, or a widget polling fast, can then cost eftPay one query per interval.
 */

export const DEFAULT_PAYMENT_QUERY_INTERVAL_MS = 2_000

export interface PacedOutcome {
  payment: StoredPayment
  changed: boolean
  /** Set when no query was made: another was in flight or too recent. */
  skipped?: 'in-flight' | 'too-soon'
}

interface PacerState {
  inFlight: Map<string, Promise<PacedOutcome>>
  lastQueriedAt: Map<string, number>
}

const states = new WeakMap<Core, PacerState>()

function stateOf(core: Core): PacerState {
  let state = states.get(core)
  if (!state) {
    state = { inFlight: new Map(), lastQueriedAt: new Map() }
    states.set(core, state)
  }
  return state
}

/**
 * Runs `query` for `payment` unless one is in flight (its answer is shared) or was too recent.
 * `claimed`: the caller took the payment with the reconciler's claim (store/claims.ts), which only
 * takes rows not queried for a while and stamps `last_queried_at` itself, so the stored time is
 * ignored; this process's own record of its last query still spaces it.
 */
export function pacePaymentQuery<T extends { payment: StoredPayment; changed: boolean }>(
  core: Core,
  payment: StoredPayment,
  query: () => Promise<T>,
  { claimed = false }: { claimed?: boolean } = {},
): Promise<T | PacedOutcome> {
  const state = stateOf(core)
  const running = state.inFlight.get(payment.id)
  if (running) return running.then((outcome) => ({ ...outcome, skipped: 'in-flight' as const }))
  const interval = core.options.paymentQueryIntervalMs ?? DEFAULT_PAYMENT_QUERY_INTERVAL_MS
  const now = core.clock().getTime()
  const last = Math.max(
    state.lastQueriedAt.get(payment.id) ?? Number.NEGATIVE_INFINITY,
    (!claimed && payment.lastQueriedAt?.getTime()) || Number.NEGATIVE_INFINITY,
  )
  if (now - last < interval) {
    return Promise.resolve({ payment, changed: false, skipped: 'too-soon' as const })
  }
  state.lastQueriedAt.set(payment.id, now)
  forgetOld(state, now, interval)
  const started = query().finally(() => state.inFlight.delete(payment.id))
  state.inFlight.set(payment.id, started)
  return started
}

/** Keeps the in-process map small: entries older than the interval say nothing any more. */
function forgetOld(state: PacerState, now: number, interval: number) {
  if (state.lastQueriedAt.size < 1_000) return
  for (const [id, at] of state.lastQueriedAt)
    if (now - at >= interval) state.lastQueriedAt.delete(id)
}
