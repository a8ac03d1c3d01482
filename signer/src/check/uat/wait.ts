/**
 * Asking again until an answer settles, for `check --uat`: the wait is measured on the real clock
 * (the check's clock may be a test's), and a person sees what is awaited (`progress`).
 */

export interface WaitOptions {
  /** How long to keep asking. */
  waitMs: number
  /** Pause between two questions. */
  pollMs: number
}

/**
 * Calls `ask` until `done` holds for its answer or the time is up; returns the last answer.
 * `ask` is called at least once.
 */
export async function askUntil<T>(
  ask: () => Promise<T>,
  done: (answer: T) => boolean,
  { waitMs, pollMs }: WaitOptions,
): Promise<{ answer: T; settled: boolean; waitedMs: number }> {
  const started = performance.now()
  for (;;) {
    const answer = await ask()
    const waitedMs = Math.round(performance.now() - started)
    if (done(answer)) return { answer, settled: true, waitedMs }
    if (waitedMs + pollMs > waitMs) return { answer, settled: false, waitedMs }
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}
