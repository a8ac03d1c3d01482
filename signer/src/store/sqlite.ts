import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Db, Row, SqlValue } from './db.js'
import { Mutex } from './mutex.js'
import { connect } from './sqlite-connection.js'

/**
 * The SQLite driver, on `libsql`: a prebuilt binary for every supported Node (22 and newer, with
 * no compiler on the machine; `node:sqlite` is still experimental there), the native library
 * `@libsql/client` wraps, used directly through its synchronous better-sqlite3-style API (one
 * connection with its statement cache: sqlite-connection.ts).
 *
 * Two connections: a writer, used only under a mutex (every write and every transaction), and a
 * reader for plain queries, which WAL lets run while a write transaction is open. The mutex is
 * shared by every Db opened on the same file in this process, so two instances (a "restart" in a
 * test, a second dispatcher) queue instead of failing with SQLITE_BUSY; busy_timeout covers other
 * processes. Calls are synchronous (as they were under `@libsql/client`'s local driver): a
 * statement runs to completion on the event loop, so a lone statement may skip the mutex when it
 * is free (mutex.ts).
 *
 * Durability: WAL with `synchronous = NORMAL`. A committed transaction is in the WAL file (in the
 * OS's page cache) before `COMMIT` returns, so it survives the signer process crashing or being
 * killed (test/crash/); only an OS crash or power cut before the next checkpoint's fsync can lose
 * the last transactions (docs/deploy.md, "One process or several": durability on SQLite). FULL
 * would fsync the WAL on every commit.
 *
 * Integers come back as JS numbers (libsql's default): the store's integers are epoch
 * milliseconds, counters and 0/1 flags, all far below 2^53.
 */

const mutexes = new Map<string, Mutex>()

/**
 * Statements the reader connection may run: plain SELECTs. Everything else, `UPDATE ... RETURNING`
 * sent through `query` included, goes to the writer under the mutex; on the reader it would be a
 * second writer, failing with SQLITE_BUSY while a transaction is open.
 */
const READ_ONLY = /^\s*SELECT\b/i

export interface SqliteOptions {
  /** Path of the database file; its folder is created. `:memory:` gives a private in-memory db. */
  path: string
}

/** A transaction waiting for its group commit. */
interface Job {
  fn: (tx: Db) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** Opens (creating if needed) a SQLite database file. */
export async function openSqlite(options: SqliteOptions): Promise<Db> {
  const memory = options.path === ':memory:'
  let path = ':memory:'
  let key = `memory:${Math.random()}`
  if (!memory) {
    path = resolve(options.path)
    mkdirSync(dirname(path), { recursive: true })
    key = path
  }
  const writer = connect(path)
  // An in-memory database exists only on its one connection: everything goes through the writer.
  const reader = memory ? writer : connect(path)
  let mutex = mutexes.get(key)
  if (!mutex) {
    mutex = new Mutex()
    mutexes.set(key, mutex)
  }
  const lock = mutex
  let closed = false

  /** A lone statement on the writer: at once when nobody holds the lock, else in turn. */
  function onWriter<T>(work: () => T): Promise<T> {
    if (!lock.busy) {
      try {
        return Promise.resolve(work())
      } catch (error) {
        return Promise.reject(error)
      }
    }
    return lock.run(async () => work())
  }

  /** The batch still taking transactions: it has its place in the lock's queue, not yet begun. */
  let gathering: Job[] | undefined

  /**
   * Group commit: transactions that arrive in one turn of the event loop (or while the batch waits
   * for the lock) run one after the other in ONE write transaction, each in its own SAVEPOINT (one
   * that throws undoes only its own work), and share its COMMIT, ~40 % of a notification's CPU
   * (bench/README.md). Every promise settles after the COMMIT, so "done" is durable as before (an
   * order row before the gateway call, a notification before its acknowledgement). The batch queues
   * for the lock when its first transaction arrives: a write issued later still runs after it.
   */
  function enqueue(job: Job): void {
    if (gathering) return void gathering.push(job)
    const batch: Job[] = [job]
    gathering = batch
    void lock.run(async () => {
      await new Promise((resolve) => setImmediate(resolve))
      gathering = undefined
      await runBatch(batch)
    })
  }

  async function runBatch(batch: Job[]): Promise<void> {
    const done: Array<{ job: Job; value: unknown }> = []
    const failed: Array<{ job: Job; error: unknown }> = []
    let begun = false
    for (const job of batch) {
      try {
        if (!begun) writer.query('BEGIN IMMEDIATE', undefined)
        begun = true
      } catch (error) {
        failed.push({ job, error })
        continue
      }
      const result = await inSavepoint(job.fn)
      if (result.ok) {
        done.push({ job, value: result.value })
        continue
      }
      failed.push({ job, error: result.error })
      if (!writer.db.inTransaction) {
        // SQLite ended the whole transaction (e.g. disk full): the work so far is gone too.
        for (const ok of done.splice(0)) failed.push({ job: ok.job, error: result.error })
        begun = false
      }
    }
    if (begun) {
      try {
        writer.query('COMMIT', undefined)
      } catch (error) {
        rollback()
        for (const ok of done.splice(0)) failed.push({ job: ok.job, error })
      }
    }
    for (const { job, value } of done) job.resolve(value)
    for (const { job, error } of failed) job.reject(error)
  }

  /** Runs one transaction's work in its own savepoint of the shared transaction. */
  async function inSavepoint(
    fn: (tx: Db) => Promise<unknown>,
  ): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
    writer.query('SAVEPOINT tx', undefined)
    // A handle for this transaction only: used after it ended, it refuses instead of writing
    // outside the lock or into someone else's savepoint.
    let open = true
    const inside = () => {
      if (!open) throw new Error('this transaction has already ended')
    }
    const handle: Db = {
      dialect: 'sqlite',
      async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
        inside()
        return writer.query<T>(sql, params)
      },
      async execute(sql, params) {
        inside()
        return writer.execute(sql, params)
      },
      // Already inside: run in the same transaction.
      transaction: (inner) => inner(handle),
      close: async () => undefined,
    }
    try {
      const value = await fn(handle)
      open = false
      writer.query('RELEASE tx', undefined)
      return { ok: true, value }
    } catch (error) {
      open = false
      // SQLite may already have rolled the whole transaction back (some errors end it themselves).
      if (writer.db.inTransaction) {
        try {
          writer.query('ROLLBACK TO tx', undefined)
          writer.query('RELEASE tx', undefined)
        } catch {
          rollback()
        }
      }
      return { ok: false, error }
    }
  }

  function rollback(): void {
    if (!writer.db.inTransaction) return
    try {
      writer.query('ROLLBACK', undefined)
    } catch {
      // Nothing more to undo.
    }
  }

  const db: Db = {
    dialect: 'sqlite',
    async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
      // Anything but a plain read (UPDATE ... RETURNING, PRAGMA) is a write: the writer, in turn.
      if (memory || !READ_ONLY.test(sql)) return onWriter(() => writer.query<T>(sql, params))
      return reader.query<T>(sql, params)
    },
    execute(sql, params) {
      return onWriter(() => writer.execute(sql, params))
    },
    transaction<T>(fn: (tx: Db) => Promise<T>) {
      return new Promise<T>((resolve, reject) => {
        enqueue({ fn, resolve: resolve as (value: unknown) => void, reject })
      })
    },
    async close() {
      if (closed) return
      closed = true
      // Wait for queued writes, then close both connections.
      await lock.run(async () => {
        writer.close()
        if (reader !== writer) reader.close()
      })
    },
  }
  return db
}
