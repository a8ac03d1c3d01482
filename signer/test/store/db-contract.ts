import { expect, it } from 'vitest'
import type { Db } from '../../src/store/db.js'

/**
 * What every `Db` driver must do the same way (store/db.ts), registered as tests by each driver's
 * own test file so SQLite and Postgres are held to one definition.
 */
export function itKeepsTheTransactionContract(open: () => Promise<Db>): void {
  it('rolls a transaction back when it throws, commits when it resolves; a nested call joins it', async () => {
    const db = await open()
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
      await tx.transaction((inner) => inner.execute('INSERT INTO t (k, v) VALUES (?, ?)', ['b', 2]))
    })
    expect(await db.query('SELECT k, v FROM t ORDER BY k')).toEqual([
      { k: 'a', v: 1 },
      { k: 'b', v: 2 },
    ])
  })
}
