/**
 * The one query layer the domain talks to. SQL is written in the subset SQLite and PostgreSQL share:
 * `?` placeholders (a pg driver rewrites them to `$n`), `ON CONFLICT ... DO NOTHING/UPDATE`,
 * `RETURNING`, TEXT for decimal amounts, INTEGER epoch milliseconds for times, no `INSERT OR
 * IGNORE`, no AUTOINCREMENT, no date functions. The pg driver (postgres.ts) sits behind the same interface.
 */

/** A bound parameter: what both drivers accept. Booleans are stored as 0/1 integers. */
export type SqlValue = string | number | bigint | null

/** A row as the driver returns it: column name → value. */
export type Row = Record<string, unknown>

export interface Db {
  /** Runs a SELECT (or anything with RETURNING) and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
  /** Runs an INSERT/UPDATE/DELETE and says how many rows it touched. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<{ rowsAffected: number }>
  /**
   * Runs `fn` in one write transaction: committed when it resolves, rolled back when it throws.
   * Calling `transaction` on the `tx` handle runs inside the same transaction (no nesting).
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>
  /** Which SQL dialect runs underneath, for the few places that must know (migrations). */
  readonly dialect: 'sqlite' | 'postgres'
  close(): Promise<void>
}
