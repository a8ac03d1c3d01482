import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { PublicSession } from './signer-client.js'

/** What a session says about a payment: final, still pending, or no payment at all. */
export type Outcome = 'succeeded' | 'failed' | 'expired' | 'pending' | 'none'

/**
 * Reads the outcome from the public view of a session. The session's status wins (a paid session
 * is paid, whatever one attempt says: money truth, PRODUCT.md state rules); otherwise the given
 * payment's status, or the latest payment's when none is given (a return page).
 */
export function outcomeOf(session: PublicSession, paymentId?: string): Outcome {
  // paid, partially_refunded, refunded: the session was paid.
  if (/paid|refunded/.test(session.status)) return 'succeeded'
  if (session.status === 'expired') return 'expired'
  const payment = paymentId ? session.payments.find((p) => p.id === paymentId) : session.payments.at(-1)
  return payment?.status ?? 'none'
}

/**
 * Calls `tick` every `interval` ms until it answers true, `stop()` is called or the host leaves the
 * page. Each round waits for the previous one, so a slow signer never gets overlapping requests,
 * and `stop()` aborts the request under way.
 */
export class PollController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined
  private abort: AbortController | undefined

  constructor(host: ReactiveControllerHost) {
    host.addController(this)
  }

  /** Starts polling (stopping any earlier loop); the first call is one interval from now. */
  start(interval: number, tick: (signal: AbortSignal) => Promise<boolean>): void {
    this.stop()
    const ac = (this.abort = new AbortController())
    const round = async (): Promise<void> => {
      const done = await tick(ac.signal).catch(() => ac.signal.aborted)
      if (!done && !ac.signal.aborted) this.timer = setTimeout(round, interval)
    }
    this.timer = setTimeout(round, interval)
  }

  /** Stops polling and aborts the request under way. */
  stop(): void {
    clearTimeout(this.timer)
    this.abort?.abort()
    this.abort = undefined
  }

  hostDisconnected(): void {
    this.stop()
  }
}
