import Database from 'libsql'
import type { SqlValue } from './db.js'
import { fromSqliteError } from './errors.js'

/**
 * One libsql connection of the SQLite driver (sqlite.ts). `@libsql/client` prepared every statement
 * on every call and built each row with `defineProperty`: a third of the signer's CPU
 * (bench/README.md). Here each connection keeps its prepared statements (keyed by the SQL text,
 * static in the repositories) and rows come back as plain objects from the native side.
 */

const PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = NORMAL',
]

/** Prepared statements kept per connection; the repositories use a few dozen distinct SQL texts. */
const STATEMENT_CACHE_SIZE = 256

type Statement = ReturnType<Database.Database['prepare']>

interface Prepared {
  statement: Statement
  /** Whether it returns rows (SELECT, PRAGMA, anything with RETURNING). */
  reader: boolean
}

/** One libsql connection with its prepared-statement cache. */
export class Connection {
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

export function connect(path: string): Connection {
  const connection = new Connection(new Database(path))
  for (const pragma of PRAGMAS) connection.query(pragma, undefined)
  return connection
}
