import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import Database from 'libsql'
import type { Db, Row, SqlValue } from './db.js'
import { fromSqliteError } from './errors.js'
import { Mutex } from './mutex.js'

/**
 * The SQLite driver, on `libsql`: a prebuilt binary for every supported Node (22 and
 * newer, with no compiler on the machine; `node:sqlite` is still experimental there), the native library `@libsql/client` wraps, used directly through
 * its synchronous better-sqlite3-style API. `@libsql/client` prepared every statement on every call
 * and built each row with `defineProperty`: a third of the signer's CPU (bench/README.md). Here each
 * connection keeps its prepared statements (keyed by the SQL text, static in the repositories) and
 * rows come back as plain objects from the native side.
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
 * the last transactions (docs/deploy.md, "One process or several": durability on SQLite). FULL would fsync the WAL on every commit.
 *
 * Integers come back as JS numbers (libsql's default): the store's integers are epoch
 * milliseconds, counters and 0/1 flags, all far below 2^53.
 */

const mutexes = new Map<string, Mutex>()

const PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = NORMAL',
]

/**
 * Statements the reader connection may run: plain SELECTs. Everything else, `UPDATE ... RETURNING`
 * sent through `query` included, goes to the writer under the mutex; on the reader it would be a
 * second writer, failing with SQLITE_BUSY while a transaction is open.
 */
const READ_ONLY = /^\s*SELECT\b/i

/** Prepared statements kept per connection; the repositories use a few dozen distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 256

export interface SqliteOptions {
  /** Path of the database file; its folder is created. `:memory:` gives a private in-memory db. */
  path: string
}

type Statement = ReturnType<Database.Database['prepare']>

interface Prepared {
  statement: Statement
  /** Whether it returns rows (SELECT, PRAGMA, anything with RETURNING). */
  reader: boolean
}

/** A transaction waiting for its group commit. */
interface Job {
  fn: (tx: Db) => Promise<unknown>
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

/** One libsql connection with its prepared-statement cache. */
class Connection {
  private readonly cache = new Map<string, Prepared>()

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Prepared {
    let prepared = this.cache.get(sql)
    if (!prepared) {
      const statement = this.db.prepare(sql)
      prepared = { statement, reader: statement.reader }
      // Oldest out first (Map keeps insertion order); only dynamic SQL could ever fill it.
      if (this.cache.size >= STATEMENT_CACHE_SIZE)
        this.cache.delete(this.cache.keys().next().value as string)
      this.cache.set(sql, prepared)
    }
    return prepared
  }

  /** Runs a statement and returns its rows (none for a statement that returns none). */
  query<T>(sql: string, params: readonly SqlValue[] | undefined): T[] {
    try {
      const { statement, reader } = this.prepare(sql)
      if (!reader) {
        statement.run(params ?? [])
        return []
      }
      return statement.all(params ?? []) as T[]
    } catch (error) {
      throw fromSqliteError(error)
    }
  }

  /** Runs a statement and says how many rows it changed. */
  execute(sql: string, params: readonly SqlValue[] | undefined): { rowsAffected: number } {
    try {
      const { statement, reader } = this.prepare(sql)
      // libsql's run() reports 0 changes for a statement with RETURNING: count its rows instead.
      if (reader) return { rowsAffected: statement.all(params ?? []).length }
      return { rowsAffected: statement.run(params ?? []).changes }
    } catch (error) {
      throw fromSqliteError(error)
    }
  }

  close(): void {
    this.cache.clear()
    this.db.close()
  }
}

function connect(path: string): Connection {
  const connection = new Connection(new Database(path))
  for (const pragma of PRAGMAS) connection.query(pragma, undefined)
  return connection
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
