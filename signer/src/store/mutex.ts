/**
 * A FIFO async mutex. libsql's local driver fails a second concurrent write transaction with
 * SQLITE_BUSY instead of waiting, so the SQLite driver runs every write through one of these.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve()

  /** Runs `fn` once every earlier holder has finished; the lock is released however `fn` ends. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn)
    // The next holder waits for this one to settle, never for its success.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }
}
