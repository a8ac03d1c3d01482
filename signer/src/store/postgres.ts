import pg from 'pg'
import type { Db, Row, SqlValue } from './db.js'
import { fromPostgresError } from './errors.js'
import { toPostgresPlaceholders } from './postgres-sql.js'

/**
 * The PostgreSQL driver, on `pg`, behind the same `Db` as SQLite so the domain code is
 * one. Several signer instances can share the database: each runs its own pool, and correctness
 * between them comes from the SQL (unique keys, conditional UPDATEs whose row locks serialise
 * racing writers under READ COMMITTED, `FOR UPDATE SKIP LOCKED` where work is claimed).
 *
 * URL: `postgres://user:password@host:5432/db?sslmode=require&schema=signer&pool_max=10`.
 * - `schema`: the schema the signer's tables live in (created if missing; `search_path` is set on
 *   every connection). Without it, the server's default (`public`).
 * - `pool_max`: connections per instance (default 10).
 * Everything else goes to `pg` as is (sslmode, application_name...).
 */

export interface PostgresOptions {
  url: string
}

/** BIGINT (oid 20) comes back as a string from pg; our BIGINTs are epoch ms and counters, all safe. */
const INT8_OID = 20

function parseInt8(value: string): number | string {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : value
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
}

/** Deadlock and serialisation failures: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001'])
const MAX_TRANSACTION_ATTEMPTS = 4

/** Splits our own parameters out of the URL; the rest is pg's. */
export function parsePostgresUrl(url: string): {
  connectionString: string
  schema?: string
  poolMax: number
} {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    // Never echo the URL: it may carry the password.
    throw new Error('DATABASE_URL is not a valid postgres:// URL')
  }
  const schema = parsed.searchParams.get('schema') ?? undefined
  const poolMaxText = parsed.searchParams.get('pool_max')
  parsed.searchParams.delete('schema')
  parsed.searchParams.delete('pool_max')
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error('DATABASE_URL schema= must be a plain identifier (letters, digits, _)')
  }
  const poolMax = poolMaxText === null ? 10 : Number(poolMaxText)
  if (!Number.isInteger(poolMax) || poolMax < 1 || poolMax > 1000) {
    throw new Error('DATABASE_URL pool_max= must be a whole number from 1 to 1000')
  }
  return { connectionString: parsed.toString(), ...(schema ? { schema } : {}), poolMax }
}

const values = (params: readonly SqlValue[] | undefined): unknown[] =>
  params ? params.map((p) => (typeof p === 'bigint' ? p.toString() : p)) : []

type Queryable = Pick<pg.PoolClient, 'query'>

async function run<T extends Row>(on: Queryable, sql: string, params?: readonly SqlValue[]) {
  try {
    return await on.query<T>(toPostgresPlaceholders(sql), values(params))
  } catch (error) {
    throw fromPostgresError(error)
  }
}

async function ensureSchema(connectionString: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
  } catch (error) {
    // Two instances creating it at the same moment: one of them gets a duplicate error; it exists.
    const code = (error as { code?: string }).code
    if (code !== '23505' && code !== '42P06') throw error
  } finally {
    await client.end()
  }
}

/** Opens a pool on a PostgreSQL database (the schema is migrated by `openDatabase`). */
export async function openPostgres(options: PostgresOptions): Promise<Db> {
  const { connectionString, schema, poolMax } = parsePostgresUrl(options.url)
  if (schema) await ensureSchema(connectionString, schema)
  const pool = new pg.Pool({
    connectionString,
    max: poolMax,
    types,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'eftpay-signer',
    ...(schema ? { options: `-c search_path="${schema}"` } : {}),
  })
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined)
  // Fail fast on a wrong URL, password or unreachable server rather than at the first request.
  try {
    await pool.query('SELECT 1')
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw error
  }
  let closed = false

  const db: Db = {
    dialect: 'postgres',
    async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
      return (await run<T>(pool, sql, params)).rows
    },
    async execute(sql, params) {
      return { rowsAffected: (await run(pool, sql, params)).rowCount ?? 0 }
    },
    async transaction(fn) {
      for (let attempt = 1; ; attempt += 1) {
        const client = await pool.connect()
        let broken: Error | undefined
        try {
          await client.query('BEGIN')
          const handle: Db = {
            dialect: 'postgres',
            async query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]) {
              return (await run<T>(client, sql, params)).rows
            },
            async execute(sql, params) {
              return { rowsAffected: (await run(client, sql, params)).rowCount ?? 0 }
            },
            // Already inside: run in the same transaction.
            transaction: (inner) => inner(handle),
            close: async () => undefined,
          }
          const value = await fn(handle)
          await client.query('COMMIT')
          return value
        } catch (error) {
          try {
            await client.query('ROLLBACK')
          } catch (rollbackError) {
            // The connection is unusable: drop it from the pool instead of handing it out again.
            broken = rollbackError as Error
          }
          const code = (error as { code?: string }).code
          if (code && RETRYABLE.has(code) && attempt < MAX_TRANSACTION_ATTEMPTS) continue
          throw error
        } finally {
          client.release(broken)
        }
      }
    },
    async close() {
      if (closed) return
      closed = true
      await pool.end()
    },
  }
  return db
}
