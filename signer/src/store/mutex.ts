/**
 * A FIFO async mutex. SQLite allows one write transaction per database, and a transaction that
 * spans `await`s on one connection would silently absorb any other statement sent to that
 * connection meanwhile, so the SQLite driver runs every write and every transaction through one
 * of these.
 */
export class Mutex {
  private held = false
  private readonly waiters: Array<() => void> = []

  /**
   * Whether someone holds the lock (or is about to: it is handed straight to the next waiter).
   * When it is free, a caller may run one synchronous piece of work without taking it: nothing
   * can interleave with synchronous code, so that is the same as taking and releasing it.
   */
  get busy(): boolean {
    return this.held
  }

  /** Runs `fn` once every earlier holder has finished; the lock is released however `fn` ends. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.held) {
      this.held = true
      return this.hold(fn)
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve)).then(() => this.hold(fn))
  }

  private async hold<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } finally {
      // Handed over without ever being free, so nobody can overtake the queue.
      const next = this.waiters.shift()
      if (next) next()
      else this.held = false
    }
  }
}
