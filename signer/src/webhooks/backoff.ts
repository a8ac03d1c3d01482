/**
 * Exponential backoff with full jitter (AWS "Exponential Backoff And Jitter"): the
 * n-th retry waits a random time between 0 and min(cap, base · 2^(n-1)). Full jitter spreads the
 * retries of many events that failed together.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30)
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent)
  return Math.floor(random() * ceiling)
}
