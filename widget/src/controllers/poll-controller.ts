import type { ReactiveController, ReactiveControllerHost } from 'lit'

/**
 * Calls `tick` every `interval` ms until it answers true or `stop()` is called. Each round waits for
 * the previous one, so a slow signer never gets overlapping requests, and `stop()` aborts the
 * request under way. While the host is off the page nothing runs (a detached widget must not poll),
 * but the loop is kept and starts again when the host comes back: a page that moves the element (a
 * disconnect and a connect) must not leave it waiting forever.
 */
export class PollController implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined
  private abort: AbortController | undefined
  /** The loop to run, kept over a disconnect. */
  private loop: [interval: number, tick: (signal: AbortSignal) => Promise<boolean>] | undefined
  private off = false

  constructor(host: ReactiveControllerHost) {
    host.addController(this)
  }

  /** Starts polling (stopping any earlier loop); the first call is one interval from now. */
  start(interval: number, tick: (signal: AbortSignal) => Promise<boolean>): void {
    this.stop()
    this.loop = [interval, tick]
    if (this.off) return
    const ac = (this.abort = new AbortController())
    const round = async (): Promise<void> => {
      const done = await tick(ac.signal).catch(() => ac.signal.aborted)
      if (ac.signal.aborted) return
      if (done) this.loop = undefined
      else this.timer = setTimeout(round, interval)
    }
    this.timer = setTimeout(round, interval)
  }

  /** Stops polling and aborts the request under way. */
  stop(): void {
    clearTimeout(this.timer)
    this.abort?.abort()
    this.abort = this.loop = undefined
  }

  hostConnected(): void {
    this.off = false
    if (this.loop) this.start(...this.loop)
  }

  hostDisconnected(): void {
    const loop = this.loop
    this.stop()
    this.loop = loop
    this.off = true
  }
}
