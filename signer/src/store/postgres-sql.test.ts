import { describe, expect, it } from 'vitest'
import { UniqueViolationError } from './errors.js'
import { openDatabase } from './open.js'
import { parsePostgresUrl } from './postgres.js'
import { toPostgresPlaceholders } from './postgres-sql.js'

describe('Postgres placeholders', () => {
  it('numbers each ? in order', () => {
    expect(toPostgresPlaceholders('UPDATE t SET a = ?, b = ? WHERE id = ? AND s = ?')).toBe(
      'UPDATE t SET a = $1, b = $2 WHERE id = $3 AND s = $4',
    )
  })

  it('leaves ? inside string literals, quoted identifiers and comments alone', () => {
    expect(
      toPostgresPlaceholders(
        "SELECT '?', 'it''s ?', \"odd?col\" FROM t WHERE a = ? -- why?\nAND b = ? /* ? */",
      ),
    ).toBe("SELECT '?', 'it''s ?', \"odd?col\" FROM t WHERE a = $1 -- why?\nAND b = $2 /* ? */")
  })

  it('returns SQL without parameters unchanged', () => {
    expect(toPostgresPlaceholders("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")).toBe(
      "SELECT COUNT(*) FROM outbox WHERE status = 'pending'",
    )
  })
})

describe('Postgres URLs', () => {
  it('takes schema= and pool_max= out of the URL and leaves the rest to pg', () => {
    expect(
      parsePostgresUrl('postgres://u:p@db:5432/shop?schema=signer&pool_max=4&sslmode=require'),
    ).toEqual({
      connectionString: 'postgres://u:p@db:5432/shop?sslmode=require',
      schema: 'signer',
      poolMax: 4,
    })
    expect(parsePostgresUrl('postgresql://db/shop').poolMax).toBe(10)
  })

  it('refuses a schema that is not a plain identifier, and never echoes the password', () => {
    for (const url of [
      'postgres://u:hunter2@db/shop?schema=a;drop',
      'postgres://u:hunter2@db/shop?pool_max=0',
    ]) {
      let message = ''
      try {
        parsePostgresUrl(url)
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toMatch(/schema|pool_max/)
      expect(message).not.toContain('hunter2')
    }
  })
})

describe('unique violations', () => {
  it('come out of the SQLite driver as UniqueViolationError (the same class the pg driver raises)', async () => {
    const db = await openDatabase('sqlite::memory:')
    try {
      const insert = () =>
        db.execute(
          "INSERT INTO outbox (id, type, payload, status, next_attempt_at, created_at) VALUES ('ev_1', 'session.paid', '{}', 'pending', 0, 0)",
        )
      await insert()
      const error = await insert().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UniqueViolationError)
    } finally {
      await db.close()
    }
  })
})
