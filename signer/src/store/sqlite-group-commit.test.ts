import { afterEach, describe, expect, it } from 'vitest'
import { tempDbPath } from '../../test/domain/harness.js'
import type { Db } from './db.js'
import { UniqueViolationError } from './errors.js'
import { openSqlite } from './sqlite.js'

// The SQLite driver's group commit: transactions asked for together share one COMMIT, each in its
// own savepoint.
describe('SQLite group commit', () => {
  const opened: Db[] = []
  const temps: (() => void)[] = []
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close()
    for (const cleanup of temps.splice(0)) cleanup()
  })
  async function open(path?: string) {
    let file = path
    if (!file) {
      const temp = tempDbPath()
      temps.push(temp.cleanup)
      file = temp.path
    }
    const db = await openSqlite({ path: file })
    opened.push(db)
    return { db, path: file }
  }

  it('rolls back only the transaction that failed; the others commit', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE g (id TEXT PRIMARY KEY, note TEXT)')
    await db.execute("INSERT INTO g (id) VALUES ('taken')")
    const results = await Promise.allSettled(
      ['a', 'taken', 'b', 'c'].map((id) =>
        db.transaction(async (tx) => {
          await tx.execute('INSERT INTO g (id, note) VALUES (?, ?)', [`${id}-first`, 'x'])
          // The second statement of 'taken' violates the key: its first row must go too.
          await tx.execute('INSERT INTO g (id) VALUES (?)', [id])
          return id
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ])
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(UniqueViolationError)
    const rows = await db.query<{ id: string }>('SELECT id FROM g ORDER BY id')
    expect(rows.map((r) => r.id)).toEqual(['a', 'a-first', 'b', 'b-first', 'c', 'c-first', 'taken'])
  })

  it('settles each promise only once its work is committed (visible to another connection)', async () => {
    const { db, path } = await open()
    await db.execute('CREATE TABLE d (id TEXT PRIMARY KEY)')
    const other = (await open(path)).db
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .transaction((tx) => tx.execute('INSERT INTO d (id) VALUES (?)', [`r${i}`]))
          // Another Db on the file reads on its own connection: it sees committed rows only.
          .then(() => other.query('SELECT id FROM d WHERE id = ?', [`r${i}`])),
      ),
    )
    expect(seen.every((rows) => rows.length === 1)).toBe(true)
  })

  it('keeps the order: a write issued after a transaction runs after it', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE o (id TEXT PRIMARY KEY, v BIGINT NOT NULL)')
    await db.execute("INSERT INTO o (id, v) VALUES ('x', 1)")
    const doubled = db.transaction((tx) => tx.execute("UPDATE o SET v = v * 2 WHERE id = 'x'"))
    const plusOne = db.execute("UPDATE o SET v = v + 1 WHERE id = 'x'")
    await Promise.all([doubled, plusOne])
    expect(await db.query("SELECT v FROM o WHERE id = 'x'")).toEqual([{ v: 3 }])
  })

  it('a transaction that throws after its writes leaves nothing, and the next batch works', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE f (id TEXT PRIMARY KEY)')
    const failing = db.transaction(async (tx) => {
      await tx.execute("INSERT INTO f (id) VALUES ('gone')")
      throw new Error('refused')
    })
    const kept = db.transaction((tx) => tx.execute("INSERT INTO f (id) VALUES ('kept')"))
    await expect(failing).rejects.toThrow('refused')
    await kept
    await db.transaction((tx) => tx.execute("INSERT INTO f (id) VALUES ('later')"))
    const rows = await db.query<{ id: string }>('SELECT id FROM f ORDER BY id')
    expect(rows.map((r) => r.id)).toEqual(['kept', 'later'])
  })
})
