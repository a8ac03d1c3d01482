import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type Client, createClient, type InValue, type ResultSet } from '@libsql/client'
import type { Db, Row, SqlValue } from './db.js'
import { fromSqliteError } from './errors.js'
import { Mutex } from './mutex.js'

/**
 * The SQLite driver, on `@libsql/client` (TOOLCHAIN.md: the SQLite that works on Node 20).
 *
 * Two connections: a writer, used only under a mutex (every write and every transaction), and a
 * reader for plain queries, which WAL lets run while a write transaction is open. Each client is
 * capped at one connection because libsql opens pool connections lazily and per-connection
 * pragmas (foreign_keys, busy_timeout) would be missing on the extra ones. The mutex is shared by
 * every Db opened on the same file in this process, so two instances (a "restart" in a test, a
 * second dispatcher) queue instead of failing with SQLITE_BUSY; busy_timeout covers other processes.
 */

const mutexes = new Map<string, Mutex>()

const PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = NORMAL',
]

export interface SqliteOptions {
  /** Path of the database file; its folder is created. `:memory:` gives a private in-memory db. */
  path: string
}

function toRows<T>(result: ResultSet): T[] {
  return result.rows.map((row) => {
    const plain: Row = {}
    result.columns.forEach((column, index) => {
      plain[column] = row[index]
    })
    return plain as T
  })
}

const args = (params: readonly SqlValue[] | undefined): InValue[] => (params ? [...params] : [])

/** Runs one statement; a unique violation comes out as the store's own error (errors.ts). */
async function run(on: Pick<Client, 'execute'>, sql: string, params: readonly SqlValue[] | undefined) {
  try {
    return await on.execute({ sql, args: args(params) })
  } catch (error) {
    throw fromSqliteError(error)
  }
}

async function connect(url: string): Promise<Client> {
  const client = createClient({ url, concurrency: 1, intMode: 'number' })
  for (const pragma of PRAGMAS) await client.execute(pragma)
  return client
}

/** Opens (creating if needed) a SQLite database file. */
export async function openSqlite(options: SqliteOptions): Promise<Db> {
  const memory = options.path === ':memory:'
  let url = ':memory:'
  let key = `memory:${Math.random()}`
  if (!memory) {
    const absolute = resolve(options.path)
    mkdirSync(dirname(absolute), { recursive: true })
    url = pathToFileURL(absolute).href
    key = absolute
  }
  const writer = await connect(memory ? 'file::memory:' : url)
  // An in-memory database exists only on its one connection: everything goes through the writer.
  const reader = memory ? writer : await connect(url)
  let mutex = mutexes.get(key)
  if (!mutex) {
    mutex = new Mutex()
    mutexes.set(key, mutex)
  }
  const lock = mutex
  let closed = false

  const db: Db = {
    dialect: 'sqlite',
    async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
      if (memory) return lock.run(async () => toRows<T>(await run(writer, sql, params)))
      return toRows<T>(await run(reader, sql, params))
    },
    async execute(sql, params) {
      return lock.run(async () => {
        const result = await run(writer, sql, params)
        return { rowsAffected: result.rowsAffected }
      })
    },
    async transaction(fn) {
      return lock.run(async () => {
        const tx = await writer.transaction('write')
        const handle: Db = {
          dialect: 'sqlite',
          async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
            return toRows<T>(await run(tx, sql, params))
          },
          async execute(sql, params) {
            const result = await run(tx, sql, params)
            return { rowsAffected: result.rowsAffected }
          },
          // Already inside: run in the same transaction.
          transaction: (inner) => inner(handle),
          close: async () => undefined,
        }
        try {
          const value = await fn(handle)
          await tx.commit()
          return value
        } catch (error) {
          await tx.rollback().catch(() => undefined)
          throw error
        } finally {
          tx.close()
        }
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
