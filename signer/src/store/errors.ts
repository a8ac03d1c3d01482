/**
 * Store errors both drivers raise the same way, so domain code never looks at driver codes.
 */

/**
 * A write broke a UNIQUE or PRIMARY KEY constraint: another writer (maybe another signer instance)
 * got there first. SQLite reports SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, PostgreSQL SQLSTATE 23505.
 * The message names the constraint only, never the values.
 */
export class UniqueViolationError extends Error {
  override readonly name = 'UniqueViolationError'
  constructor(
    message: string,
    readonly constraint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

/**
 * Maps a libsql error to `UniqueViolationError` when it is one; anything else is returned as is.
 * `libsql`'s own `SqliteError` carries the extended code in `code`; `@libsql/client` wrapped it as
 * `extendedCode` (with the base code in `code`): both are understood.
 */
export function fromSqliteError(error: unknown): unknown {
  const e = error as { code?: unknown; extendedCode?: unknown; message?: unknown } | null
  const extended =
    typeof e?.extendedCode === 'string' ? e.extendedCode : typeof e?.code === 'string' ? e.code : ''
  if (extended === 'SQLITE_CONSTRAINT_UNIQUE' || extended === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    // libsql's message is "UNIQUE constraint failed: table.column": names, no values.
    const detail = typeof e?.message === 'string' ? /failed: (.*)$/.exec(e.message)?.[1] : undefined
    return new UniqueViolationError(
      `unique constraint failed${detail ? `: ${detail}` : ''}`,
      detail,
      { cause: error },
    )
  }
  return error
}

/** Maps a pg error to `UniqueViolationError` when its SQLSTATE is 23505. */
export function fromPostgresError(error: unknown): unknown {
  const e = error as { code?: unknown; constraint?: unknown; table?: unknown } | null
  if (e?.code === '23505') {
    const constraint = typeof e.constraint === 'string' ? e.constraint : undefined
    return new UniqueViolationError(
      `unique constraint failed${constraint ? `: ${constraint}` : ''}`,
      constraint,
      {
        cause: error,
      },
    )
  }
  return error
}
