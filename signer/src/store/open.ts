import type { Db } from './db.js'
import { migrate } from './migrations.js'
import { openSqlite } from './sqlite.js'

/**
 * Opens the store named by `DATABASE_URL` and brings its schema up to date.
 * - `sqlite:<path>` (relative to the working directory, or absolute): a SQLite file, folder created.
 * - `sqlite::memory:`: a private in-memory database (tests, throwaway demos).
 * - `postgres://...`: not yet (issue 7 adds the driver behind the same `Db`).
 */
export async function openDatabase(url: string): Promise<Db> {
  let db: Db
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length)
    if (!path) throw new Error('DATABASE_URL "sqlite:" needs a file path, like sqlite:./data/signer.db')
    db = await openSqlite({ path })
  } else if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    throw new Error('DATABASE_URL postgres:// is not supported yet; use sqlite:<path>')
  } else {
    throw new Error('DATABASE_URL must start with sqlite: (e.g. sqlite:./data/signer.db) or postgres://')
  }
  try {
    await migrate(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return db
}
