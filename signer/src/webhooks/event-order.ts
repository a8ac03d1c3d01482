/**
 * The order a session's webhook events are sent in: the order they were written. Each event
 * carries its session's id and a write sequence; the dispatcher's claim (`claimNextEvent` in outbox.ts) takes
 * an event only when no earlier event of the same session is still pending, so `session.paid`
 * never reaches the merchant before the `payment.succeeded` written just before it, even when the
 * first one is retried. Events written in one transaction share a millisecond, so the sequence is
 * the write time in microseconds made strictly increasing within this process.
 */

let lastSeq = 0

export function nextEventSeq(now: Date): number {
  lastSeq = Math.max(lastSeq + 1, now.getTime() * 1000)
  return lastSeq
}

/** The session an event is about (`data.session.id`), or null for an event about none. */
export function sessionOfEvent(data: { session?: unknown }): string | null {
  const session = data.session as { id?: unknown } | undefined
  return typeof session?.id === 'string' ? session.id : null
}
