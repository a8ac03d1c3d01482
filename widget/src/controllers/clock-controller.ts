import type { ReactiveController, ReactiveControllerHost } from 'lit'

/**
 * Re-renders its host once a second while `running()` says so (a countdown is on screen), and not
 * at all while the host is off the page. Whether it runs is decided after each update, so the host
 * only says when a clock is needed, never starts or stops one.
 */
export class ClockController implements ReactiveController {
  readonly #host: ReactiveControllerHost
  readonly #running: () => boolean
  #timer: ReturnType<typeof setInterval> | undefined

  constructor(host: ReactiveControllerHost, running: () => boolean) {
    this.#running = running
    // Last: adding to a host already on the page calls hostConnected at once.
    ;(this.#host = host).addController(this)
  }

  hostConnected(): void {
    this.hostUpdated()
  }

  hostUpdated(): void {
    if (!this.#running()) this.hostDisconnected()
    else this.#timer ??= setInterval(() => this.#host.requestUpdate(), 1000)
  }

  hostDisconnected(): void {
    clearInterval(this.#timer)
    this.#timer = undefined
  }
}
