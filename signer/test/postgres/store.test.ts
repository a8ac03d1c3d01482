import { randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import type { Db } from '../../src/store/db.js'
import { UniqueViolationError } from '../../src/store/errors.js'
import { lockAndReadSession } from '../../src/store/locks.js'
import { MIGRATIONS } from '../../src/store/migrations.js'
import { openDatabase } from '../../src/store/open.js'
import { claimNextEvent } from '../../src/webhooks/outbox.js'
import { itKeepsTheTransactionContract } from '../store/db-contract.js'
import { dropTestDatabase, postgresUrlWithSchema, testStore } from './test-store.js'

/**
 * The PostgreSQL driver on a real server (scripts/postgres.sh; runs in the test command's Postgres
 * step, skipped in the SQLite run). Each test gets its own schema.
 */
describe.skipIf(testStore() !== 'postgres')('PostgreSQL store', () => {
  const urls: string[] = []
  const opened: Db[] = []
  afterAll(async () => {
    for (const db of opened.splice(0)) await db.close()
    for (const url of urls.splice(0)) await dropTestDatabase(url)
  })
  function freshUrl(): string {
    const url = postgresUrlWithSchema(`t_${randomBytes(8).toString('hex')}`)
    urls.push(url)
    return url
  }
  async function open(url = freshUrl()): Promise<Db> {
    const db = await openDatabase(url)
    opened.push(db)
    return db
  }

  it('migrates once even when several instances start at the same moment', async () => {
    const url = freshUrl()
    const dbs = await Promise.all(Array.from({ length: 4 }, () => open(url)))
    const rows = await dbs[0]!.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id')
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id))
    expect(dbs.every((db) => db.dialect === 'postgres')).toBe(true)
  })

  it('keeps its tables in the schema named by the URL', async () => {
    const url = freshUrl()
    const db = await open(url)
    const schema = new URL(url).searchParams.get('schema')
    const [row] = await db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'payments'",
      [schema],
    )
    expect(row?.n).toBe(1)
  })

  it('returns BIGINT columns as numbers and TEXT amounts as strings', async () => {
    const db = await open()
    await db.execute(
      `INSERT INTO sessions (id, client_secret, status, amount, currency, subject, success_url, cancel_url, amount_paid,
         amount_refunded, expires_at, created_at, updated_at) VALUES (?, 'cs', 'open', ?, 'HKD', 's', 'u', 'u', '0.00', '0.00', ?, ?, ?)`,
      ['cs_1', '128.10', 1795305491511, 1795305491511, 1795305491511],
    )
    const [row] = await db.query(
      'SELECT amount, expires_at, payment_attempts FROM sessions WHERE id = ?',
      ['cs_1'],
    )
    expect(row).toEqual({ amount: '128.10', expires_at: 1795305491511, payment_attempts: 0 })
  })

  itKeepsTheTransactionContract(() => open())

  it('maps a unique violation (23505) to UniqueViolationError, and ON CONFLICT DO NOTHING to 0 rows', async () => {
    const db = await open()
    const insert = () =>
      db.execute(
        "INSERT INTO outbox (id, type, payload, status, next_attempt_at, created_at) VALUES ('ev_1', 'session.paid', '{}', 'pending', 0, 0)",
      )
    await insert()
    await expect(insert()).rejects.toBeInstanceOf(UniqueViolationError)
    const again = await db.execute(
      "INSERT INTO outbox (id, type, payload, status, next_attempt_at, created_at) VALUES ('ev_1', 'x', '{}', 'pending', 0, 0) ON CONFLICT (id) DO NOTHING",
    )
    expect(again.rowsAffected).toBe(0)
  })

  it('a row lock taken first makes read-then-write safe across two pools (no lost update)', async () => {
    const url = freshUrl()
    const [a, b] = await Promise.all([open(url), open(url)])
    await a.execute(
      `INSERT INTO sessions (id, client_secret, status, amount, currency, subject, success_url, cancel_url, amount_paid,
         amount_refunded, expires_at, created_at, updated_at) VALUES ('cs_x', 'cs', 'open', '1.00', 'HKD', 's', 'u', 'u', '0.00', '0.00', 0, 0, 0)`,
    )
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? a : b).transaction(async (tx) => {
          await lockAndReadSession(tx, 'cs_x')
          const [row] = await tx.query<{ n: number }>(
            "SELECT refund_count AS n FROM sessions WHERE id = 'cs_x'",
          )
          await new Promise((r) => setTimeout(r, 1))
          await tx.execute("UPDATE sessions SET refund_count = ? WHERE id = 'cs_x'", [
            (row?.n ?? 0) + 1,
          ])
        }),
      ),
    )
    expect(await a.query("SELECT refund_count AS n FROM sessions WHERE id = 'cs_x'")).toEqual([
      { n: 30 },
    ])
  })

  it('two instances claiming webhook events at once never take the same one (SKIP LOCKED lease)', async () => {
    const url = freshUrl()
    const [a, b] = await Promise.all([open(url), open(url)])
    for (let i = 0; i < 40; i++) {
      await a.execute(
        "INSERT INTO outbox (id, type, payload, status, next_attempt_at, created_at) VALUES (?, 'session.paid', '{}', 'pending', ?, ?)",
        [`ev_${String(i).padStart(2, '0')}`, i, i],
      )
    }
    const takeAll = async (db: Db) => {
      const taken: string[] = []
      for (;;) {
        const row = await claimNextEvent(db, 1_000, 60_000)
        if (!row) return taken
        taken.push(String(row.id))
      }
    }
    const [takenA, takenB] = await Promise.all([takeAll(a), takeAll(b)])
    const all = [...takenA, ...takenB]
    expect(all).toHaveLength(40)
    expect(new Set(all).size).toBe(40)
    // Leased: nothing is due again until the lease runs out.
    expect(await claimNextEvent(a, 2_000, 60_000)).toBeUndefined()
    expect(await claimNextEvent(a, 61_001, 60_000)).toMatchObject({ status: 'pending' })
  })
})
