import type { Db } from './db.js'
import { migrate } from './migrations.js'
import { openPostgres } from './postgres.js'
import { openSqlite } from './sqlite.js'

/**
 * Opens the store named by `DATABASE_URL` and brings its schema up to date.
 * - `sqlite:<path>` (relative to the working directory, or absolute): a SQLite file, folder created.
 * - `sqlite::memory:`: a private in-memory database (tests, throwaway demos).
 * - `postgres://...` (or `postgresql://`): PostgreSQL, shared by any number of signer instances;
 *   `?schema=name` puts the tables in their own schema (postgres.ts).
 */
export async function openDatabase(url: string): Promise<Db> {
  let db: Db
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length)
    if (!path)
      throw new Error('DATABASE_URL "sqlite:" needs a file path, like sqlite:./data/signer.db')
    db = await openSqlite({ path })
  } else if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    db = await openPostgres({ url })
  } else {
    throw new Error(
      'DATABASE_URL must start with sqlite: (e.g. sqlite:./data/signer.db) or postgres://',
    )
  }
  try {
    await migrateStore(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return db
}

/**
 * Runs the migrations. On PostgreSQL several instances may start at once: the whole run is one
 * transaction holding an advisory lock per schema, so one instance migrates and the others wait and
 * then find nothing to do (PostgreSQL DDL is transactional, so a failed migration leaves no trace).
 */
async function migrateStore(db: Db): Promise<void> {
  if (db.dialect !== 'postgres') {
    await migrate(db)
    return
  }
  await db.transaction(async (tx) => {
    await tx.query(
      "SELECT pg_advisory_xact_lock(hashtext('eftpay-signer:migrate:' || current_schema()))",
    )
    await migrate(tx)
  })
}
