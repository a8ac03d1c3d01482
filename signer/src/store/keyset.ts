import type { Db, Row, SqlValue } from './db.js'

/**
 * Newest-first keyset pages over one table (docs/api.md "Lists and cursors"): `ORDER BY created_at
 * DESC, id DESC` and, after a cursor, the row-value comparison `(created_at, id) < (?, ?)`, which
 * SQLite and PostgreSQL both serve from an index ending in `(created_at, id)` (migration 6). A page
 * 500 deep costs what the first does: no OFFSET.
 */

/** A piece of WHERE clause with its parameters. */
export interface Condition {
  sql: string
  params: readonly SqlValue[]
}

export const condition = (sql: string, ...params: SqlValue[]): Condition => ({ sql, params })

export interface KeysetQuery {
  table: 'sessions' | 'payments' | 'refunds' | 'outbox'
  /** Every one must hold (filters). */
  where: readonly Condition[]
  /**
   * A search: a row matches when any one holds. Each is run as its own indexed, limited branch and
   * the branches are merged (one OR over differently indexed columns would be a scan on SQLite).
   */
  anyOf?: readonly Condition[]
  /** The last row of the previous page. */
  after?: { createdAt: number; id: string }
  /** Rows wanted; one more is read to know whether there are more. */
  limit: number
}

const ORDER = 'ORDER BY created_at DESC, id DESC'

/** Up to `limit + 1` rows, newest first (the extra row only says there is more). */
export async function keysetRows(db: Db, q: KeysetQuery): Promise<Row[]> {
  const common = [...q.where]
  if (q.after) common.push(condition('(created_at, id) < (?, ?)', q.after.createdAt, q.after.id))
  const take = q.limit + 1
  const branch = (extra: Condition | undefined) => {
    const all = extra ? [...common, extra] : common
    const where = all.length ? ` WHERE ${all.map((c) => `(${c.sql})`).join(' AND ')}` : ''
    return {
      sql: `SELECT * FROM ${q.table}${where} ${ORDER} LIMIT ?`,
      params: [...all.flatMap((c) => c.params), take],
    }
  }
  if (!q.anyOf) {
    const only = branch(undefined)
    return db.query(only.sql, only.params)
  }
  if (q.anyOf.length === 0) return []
  const branches = q.anyOf.map(branch)
  const union = branches.map((b, i) => `SELECT * FROM (${b.sql}) AS b${i}`).join(' UNION ')
  return db.query(`SELECT * FROM (${union}) AS hits ${ORDER} LIMIT ?`, [
    ...branches.flatMap((b) => b.params),
    take,
  ])
}
