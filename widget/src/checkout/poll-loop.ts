/**
 * Calls `tick` every `interval` ms until it answers true or `stop()` is called. Each round waits for
 * the previous one, so a slow signer never gets overlapping requests, and `stop()` aborts the
 * request under way. `pause()` (the element left the page) stops the rounds but keeps the loop, and
 * `resume()` starts it again: a page that moves the element (a disconnect and a connect) must not
 * leave it waiting forever, and a detached widget must not poll.
 */
export class PollLoop {
  #timer: ReturnType<typeof setTimeout> | undefined
  #abort: AbortController | undefined
  /** The loop to run, kept over a pause. */
  #loop: [interval: number, tick: (signal: AbortSignal) => Promise<boolean>] | undefined
  #paused = false

  /** Starts polling (stopping any earlier loop); the first call is one interval from now. */
  start(interval: number, tick: (signal: AbortSignal) => Promise<boolean>): void {
    this.stop()
    this.#loop = [interval, tick]
    if (this.#paused) return
    const ac = (this.#abort = new AbortController())
    const round = async (): Promise<void> => {
      const done = await tick(ac.signal).catch(() => ac.signal.aborted)
      if (ac.signal.aborted) return
      if (done) this.#loop = undefined
      else this.#timer = setTimeout(round, interval)
    }
    this.#timer = setTimeout(round, interval)
  }

  /** Stops polling and aborts the request under way. */
  stop(): void {
    clearTimeout(this.#timer)
    this.#abort?.abort()
    this.#abort = this.#loop = undefined
  }

  /** Stops the rounds (aborting the one under way) but keeps the loop for `resume()`. */
  pause(): void {
    const loop = this.#loop
    this.stop()
    this.#loop = loop
    this.#paused = true
  }

  /** Starts a kept loop again, one interval from now. */
  resume(): void {
    this.#paused = false
    if (this.#loop) this.start(...this.#loop)
  }
}
