import { afterEach, describe, expect, it } from 'vitest'
import { tempDbPath } from '../../test/domain/harness.js'
import { itKeepsTheTransactionContract } from '../../test/store/db-contract.js'
import { releaseOrphanedLeases } from '../webhooks/outbox.js'
import type { Db } from './db.js'
import { UniqueViolationError } from './errors.js'
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

  itKeepsTheTransactionContract(async () => (await open()).db)

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
      (await db.execute('INSERT INTO u (k) VALUES (?) ON CONFLICT (k) DO NOTHING', ['a']))
        .rowsAffected,
    ).toBe(1)
    expect(
      (await db.execute('INSERT INTO u (k) VALUES (?) ON CONFLICT (k) DO NOTHING', ['a']))
        .rowsAffected,
    ).toBe(0)
    await expect(
      db.execute(
        `INSERT INTO refunds (id, payment_id, session_id, out_refund_no, amount, currency, status, automatic, dispatch, created_at, updated_at)
         VALUES ('re_1', 'py_missing', 'cs_missing', 'R1', '1.00', 'HKD', 'pending', 0, 'sending', 0, 0)`,
      ),
    ).rejects.toThrow(/FOREIGN KEY/i)
  })

  it('maps a unique violation to UniqueViolationError, and a statement failing leaves its cached copy usable', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE k (id TEXT PRIMARY KEY)')
    const insert = (id: string) => db.execute('INSERT INTO k (id) VALUES (?)', [id])
    await insert('a')
    const failure = await insert('a').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UniqueViolationError)
    expect((failure as UniqueViolationError).constraint).toBe('k.id')
    // The same (cached) statement runs again with other values.
    await insert('b')
    expect(await db.query('SELECT id FROM k ORDER BY id')).toEqual([{ id: 'a' }, { id: 'b' }])
  })

  it('runs UPDATE ... RETURNING through query on the writer, in turn with an open transaction', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE n (id TEXT PRIMARY KEY, v BIGINT NOT NULL)')
    await db.execute("INSERT INTO n (id, v) VALUES ('x', 0)")
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const slow = db.transaction(async (tx) => {
      await tx.execute("UPDATE n SET v = v + 10 WHERE id = 'x'")
      await held
    })
    // On the reader connection this write would fail with SQLITE_BUSY; here it waits for the commit.
    const returning = db.query<{ v: number }>("UPDATE n SET v = v + 1 WHERE id = 'x' RETURNING v")
    release()
    await slow
    expect(await returning).toEqual([{ v: 11 }])
    // execute counts the rows a RETURNING statement changed.
    expect(
      (await db.execute("UPDATE n SET v = v + 1 WHERE id = 'x' RETURNING v")).rowsAffected,
    ).toBe(1)
    expect(
      (await db.execute("UPDATE n SET v = v + 1 WHERE id = 'none' RETURNING v")).rowsAffected,
    ).toBe(0)
  })

  it('refuses a transaction handle used after its transaction ended', async () => {
    const { db } = await open()
    await db.execute('CREATE TABLE h (id TEXT PRIMARY KEY)')
    let kept: Db | undefined
    await db.transaction(async (tx) => {
      kept = tx
    })
    await expect(kept?.execute("INSERT INTO h (id) VALUES ('late')")).rejects.toThrow(
      /already ended/,
    )
    expect(await db.query('SELECT id FROM h')).toEqual([])
  })

  it('releases webhook leases a dead process left (one process per SQLite file), only on pending events', async () => {
    const { db } = await open()
    const insert = (id: string, status: string, lockedUntil: number | null) =>
      db.execute(
        'INSERT INTO outbox (id, type, payload, status, next_attempt_at, created_at, locked_until) VALUES (?, ?, ?, ?, 0, 0, ?)',
        [id, 'session.paid', '{}', status, lockedUntil],
      )
    await insert('ev_held', 'pending', 9_999_999_999_999)
    await insert('ev_free', 'pending', null)
    await insert('ev_done', 'delivered', 9_999_999_999_999)
    expect(await releaseOrphanedLeases(db)).toBe(1)
    expect(await db.query('SELECT id, locked_until FROM outbox ORDER BY id')).toEqual([
      { id: 'ev_done', locked_until: 9_999_999_999_999 },
      { id: 'ev_free', locked_until: null },
      { id: 'ev_held', locked_until: null },
    ])
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
