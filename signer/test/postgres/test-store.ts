import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import pg from 'pg'

/**
 * The one place the signer's tests choose their store. By default every test opens SQLite files;
 * with `SIGNER_TEST_STORE=postgres` and `TEST_DATABASE_URL=postgres://...` (scripts/run-tests.mjs
 * sets both around a throwaway cluster from scripts/postgres.sh) the same tests run on PostgreSQL,
 * each database in its own schema of that server, so test files never see each other's rows.
 */

export type TestStore = 'sqlite' | 'postgres'

export function testStore(): TestStore {
  const store = process.env.SIGNER_TEST_STORE ?? 'sqlite'
  if (store !== 'sqlite' && store !== 'postgres') {
    throw new Error(`SIGNER_TEST_STORE must be sqlite or postgres, not "${store}"`)
  }
  return store
}

export function testPostgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      'SIGNER_TEST_STORE=postgres needs TEST_DATABASE_URL=postgres://... (scripts/postgres.sh start)',
    )
  }
  return url
}

/** The schema a test database file maps to on PostgreSQL: the same file gives the same schema. */
export function schemaFor(file: string): string {
  return `t_${createHash('sha256').update(resolve(file)).digest('hex').slice(0, 20)}`
}

/** A PostgreSQL URL on the test server that selects `schema` (postgres.ts creates it on open). */
export function postgresUrlWithSchema(schema: string): string {
  const url = new URL(testPostgresUrl())
  url.searchParams.set('schema', schema)
  return url.toString()
}

/**
 * The `DATABASE_URL` for a test database identified by a file path: that SQLite file, or on
 * PostgreSQL a schema named after it. Opening the same path again (a "restart") reaches the same data.
 */
export function databaseUrlFor(file: string): string {
  return testStore() === 'postgres' ? postgresUrlWithSchema(schemaFor(file)) : `sqlite:${file}`
}

/** Drops the schema behind a PostgreSQL test URL (no-op for SQLite URLs, whose folders tests remove). */
export async function dropTestDatabase(url: string): Promise<void> {
  if (!url.startsWith('postgres')) return
  const parsed = new URL(url)
  const schema = parsed.searchParams.get('schema')
  if (!schema || !/^t_[a-z0-9_]+$/.test(schema)) return
  parsed.searchParams.delete('schema')
  const client = new pg.Client({ connectionString: parsed.toString() })
  await client.connect()
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end()
  }
}
