import { afterEach, describe, expect, it } from 'vitest'
import { tempDbPath } from '../../test/domain/harness.js'
import type { Db } from './db.js'
import { MIGRATIONS, migrate } from './migrations.js'
import { openDatabase } from './open.js'

describe('SQLite store', () => {
  const opened: Db[] = []
  const temps: (() => void)[] = []
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close()
    for (const cleanup of temps.splice(0)) cleanup()
  })
  async function open(url?: string) {
    let target = url
    if (!target) {
      const temp = tempDbPath()
      temps.push(temp.cleanup)
      // Always SQLite here, even when SIGNER_TEST_STORE=postgres routes the other tests to Postgres.
      target = `sqlite:${temp.path}`
    }
    const db = await openDatabase(target)
    opened.push(db)
    return { db, url: target }
  }

  it('creates the folder, runs migrations once, and records them', async () => {
    const { db } = await open()
    expect(await migrate(db)).toEqual([])
    const rows = await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id))
    const [mode] = await db.query<{ journal_mode: string }>('PRAGMA journal_mode')
    expect(mode?.journal_mode).toBe('wal')
    const [fk] = await db.query<{ foreign_keys: number }>('PRAGMA foreign_keys')
    expect(fk?.foreign_keys).toBe(1)
  })

  it('rolls a transaction back when it throws, and commits when it resolves', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)')
    await expect(
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1])
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await db.query('SELECT * FROM t')).toEqual([])
    await db.transaction(async (tx) => {
      await tx.execute('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 1])
      // A nested call joins the same transaction.
      await tx.transaction((inner) => inner.execute('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 2]))
    })
    expect(await db.query('SELECT k, v FROM t ORDER BY k')).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ])
  })

  it('serialises concurrent write transactions (no SQLITE_BUSY, no lost update)', async () => {
    const { db, url } = await open()
    const second = await openDatabase(url)
    opened.push(second)
    await db.execute('CREATE TABLE c (id TEXT PRIMARY KEY, n BIGINT NOT NULL)')
    await db.execute("INSERT INTO c (id, n) VALUES ('x', 0)")
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? db : second).transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>("SELECT n FROM c WHERE id = 'x'")
          await new Promise((r) => setImmediate(r))
          await tx.execute("UPDATE c SET n = ? WHERE id = 'x'", [(row?.n ?? 0) + 1])
        }),
      ),
    )
    expect(await db.query("SELECT n FROM c WHERE id = 'x'")).toEqual([{ n: 40 }])
  })

  it('ON CONFLICT DO NOTHING reports no rows affected, and foreign keys are enforced', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE u (k TEXT PRIMARY KEY)')
    expect(
      (await db.execute('INSERT INTO u (k) VALUES (?) ON CONFLICT (k) DO NOTHING', ['a'])).rowsAffected,
    ).toBe(1)
    expect(
      (await db.execute('INSERT INTO u (k) VALUES (?) ON CONFLICT (k) DO NOTHING', ['a'])).rowsAffected,
    ).toBe(0)
    await expect(
      db.execute(
        `INSERT INTO refunds (id, payment_id, session_id, out_refund_no, amount, currency, status, automatic, dispatch, created_at, updated_at)
         VALUES ('re_1', 'py_missing', 'cs_missing', 'R1', '1.00', 'HKD', 'pending', 0, 'sending', 0, 0)`,
      ),
    ).rejects.toThrow(/FOREIGN KEY/i)
  })

  it('refuses unknown DATABASE_URL schemes with a message saying what to set', async () => {
    await expect(openDatabase('mysql://x')).rejects.toThrow(/sqlite:/)
    await expect(openDatabase('sqlite:')).rejects.toThrow(/file path/)
  })

  it('works in memory for throwaway use', async () => {
    const { db } = await open('sqlite::memory:')
    await db.transaction((tx) =>
      tx.execute(
        "INSERT INTO outbox (id, type, payload, status, next_attempt_at, created_at) VALUES ('ev_1', 'session.paid', '{}', 'pending', 0, 0)",
      ),
    )
    expect(await db.query('SELECT id FROM outbox')).toEqual([{ id: 'ev_1' }])
  })
})
