import type { Db } from './db.js'
import { type StoredSession, sessionFromRow } from './sessions.js'

/**
 * Row locks for the read-then-write decisions the money core makes inside a transaction. On
 * PostgreSQL with several signer instances, two transactions could otherwise both read "nothing
 * there yet" and both act (two gateway orders for one double click, one notification applied
 * twice). A no-op UPDATE takes the row's write lock on both stores (SQLite already runs one writer
 * at a time) and, under READ COMMITTED, every statement after it sees what the previous holder
 * committed. Take them in this order to avoid deadlocks: notification, payment, session.
 */

/**
 * Locks a session row and reads it in the same statement (the no-op UPDATE with RETURNING), in one
 * round trip. Undefined if there is none.
 */
export async function lockAndReadSession(tx: Db, id: string): Promise<StoredSession | undefined> {
  const [row] = await tx.query(
    'UPDATE sessions SET updated_at = updated_at WHERE id = ? RETURNING *',
    [id],
  )
  return row ? sessionFromRow(row) : undefined
}

/** Locks a payment row (before checking how much of it may still be refunded). */
export async function lockPayment(tx: Db, id: string): Promise<void> {
  await tx.execute('UPDATE payments SET updated_at = updated_at WHERE id = ?', [id])
}

/** Locks a stored notification (before checking whether it was applied already). */
export async function lockNotification(tx: Db, naturalKey: string): Promise<void> {
  await tx.execute('UPDATE notifications SET applied_at = applied_at WHERE natural_key = ?', [
    naturalKey,
  ])
}
