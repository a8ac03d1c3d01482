import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqlite } from './sqlite.js'
import { startWalCheckpointer } from './wal-checkpointer.js'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-wal-'))
  dirs.push(dir)
  return join(dir, 'test.db')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('WAL checkpoints in a worker thread', () => {
  it('copies committed frames into the database file while the writer leaves them', async () => {
    const path = tempFile()
    const db = new Database(path)
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA wal_autocheckpoint = 0')
    db.exec('CREATE TABLE t (v TEXT)')
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    for (let i = 0; i < 200; i++) insert.run([`row ${i}`.repeat(100)])
    const failures: unknown[] = []
    const checkpointer = startWalCheckpointer({
      path,
      intervalMs: 20,
      onFailure: (e) => failures.push(e),
    })
    try {
      // Only a checkpoint writes pages into the database file (the writer appends to the WAL), so
      // the file's size shows the worker's work. Polled, not timed: the bound is generous.
      expect(statSync(path).size).toBeLessThan(100_000)
      const until = Date.now() + 20_000
      while (statSync(path).size < 100_000 && Date.now() < until)
        await new Promise((resolve) => setTimeout(resolve, 50))
      expect(statSync(path).size).toBeGreaterThan(100_000)
    } finally {
      await checkpointer.close()
      db.close()
    }
    expect(failures).toEqual([])
  })

  it("the signer's store turns automatic checkpoints off only when it runs them itself", async () => {
    const background = await openSqlite({ path: tempFile(), backgroundCheckpoints: true })
    const plain = await openSqlite({ path: tempFile() })
    try {
      // PRAGMA goes to the writer connection (not a plain SELECT).
      expect(await background.query('PRAGMA wal_autocheckpoint')).toEqual([
        { wal_autocheckpoint: 0 },
      ])
      expect(await plain.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1000 }])
      await background.execute('CREATE TABLE t (v TEXT)')
      await background.transaction((tx) => tx.execute("INSERT INTO t (v) VALUES ('kept')"))
    } finally {
      await background.close()
      await plain.close()
    }
  })
})
