import type { Db } from './db.js'

/**
 * The console's rows (store/console-schema.ts), in the SQL both drivers share. Callers pass hashes,
 * never raw tokens (console/tokens.ts), and times as epoch milliseconds.
 */

export type ConsoleRole = 'owner' | 'staff'

export interface ConsoleUserRow {
  id: string
  name: string
  role: ConsoleRole
  refund_limit: string
  webauthn_id: string
  created_at: number
  removed_at: number | null
}

export interface PasskeyRow {
  id: string
  user_id: string
  public_key: string
  counter: number
  transports: string
}

export interface InviteRow {
  token_hash: string
  role: ConsoleRole
  name: string
  expires_at: number
  used_at: number | null
}

export interface ConsoleSessionRow {
  id_hash: string
  user_id: string
  csrf_token: string
  demo: number
  created_at: number
  last_seen_at: number
  verified_at: number | null
}

export interface AuditRow {
  id: string
  at: number
  user_id: string | null
  user_name: string | null
  action: string
  detail: string
  ip: string | null
}

const num = (value: unknown): number => Number(value)
const maybeNum = (value: unknown): number | null => (value === null ? null : Number(value))

function userRow(row: Record<string, unknown>): ConsoleUserRow {
  return {
    ...(row as unknown as ConsoleUserRow),
    created_at: num(row.created_at),
    removed_at: maybeNum(row.removed_at),
  }
}

// Users

export async function insertUser(db: Db, user: Omit<ConsoleUserRow, 'removed_at'>): Promise<void> {
  await db.execute(
    'INSERT INTO console_users (id, name, role, refund_limit, webauthn_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [user.id, user.name, user.role, user.refund_limit, user.webauthn_id, user.created_at],
  )
}

export async function findUser(db: Db, id: string): Promise<ConsoleUserRow | undefined> {
  const rows = await db.query('SELECT * FROM console_users WHERE id = ? AND removed_at IS NULL', [
    id,
  ])
  return rows[0] ? userRow(rows[0]) : undefined
}

export async function listUsers(db: Db): Promise<ConsoleUserRow[]> {
  const rows = await db.query(
    'SELECT * FROM console_users WHERE removed_at IS NULL ORDER BY created_at, id',
  )
  return rows.map(userRow)
}

export async function setRefundLimit(db: Db, id: string, limit: string): Promise<boolean> {
  const done = await db.execute(
    'UPDATE console_users SET refund_limit = ? WHERE id = ? AND removed_at IS NULL',
    [limit, id],
  )
  return done.rowsAffected === 1
}

/** Marks the user removed and ends their sessions, in one transaction. */
export async function removeUser(db: Db, id: string, at: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const done = await tx.execute(
      'UPDATE console_users SET removed_at = ? WHERE id = ? AND removed_at IS NULL',
      [at, id],
    )
    await tx.execute('DELETE FROM console_sessions WHERE user_id = ?', [id])
    return done.rowsAffected === 1
  })
}

export async function countOwners(db: Db): Promise<number> {
  const rows = await db.query(
    "SELECT COUNT(*) AS n FROM console_users WHERE role = 'owner' AND removed_at IS NULL",
  )
  return num(rows[0]?.n ?? 0)
}

// Passkeys

export async function insertPasskey(db: Db, passkey: PasskeyRow, at: number): Promise<void> {
  await db.execute(
    'INSERT INTO console_passkeys (id, user_id, public_key, counter, transports, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [passkey.id, passkey.user_id, passkey.public_key, passkey.counter, passkey.transports, at],
  )
}

export async function findPasskey(db: Db, id: string): Promise<PasskeyRow | undefined> {
  const rows = await db.query('SELECT * FROM console_passkeys WHERE id = ?', [id])
  const row = rows[0]
  return row ? { ...(row as unknown as PasskeyRow), counter: num(row.counter) } : undefined
}

export async function passkeysOf(db: Db, userId: string): Promise<PasskeyRow[]> {
  const rows = await db.query('SELECT * FROM console_passkeys WHERE user_id = ?', [userId])
  return rows.map((row) => ({ ...(row as unknown as PasskeyRow), counter: num(row.counter) }))
}

export async function touchPasskey(db: Db, id: string, counter: number, at: number) {
  await db.execute('UPDATE console_passkeys SET counter = ?, last_used_at = ? WHERE id = ?', [
    counter,
    at,
    id,
  ])
}

// Invites

export async function insertInvite(
  db: Db,
  invite: InviteRow & { created_by: string | null; created_at: number },
): Promise<void> {
  await db.execute(
    'INSERT INTO console_invites (token_hash, role, name, created_by, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [
      invite.token_hash,
      invite.role,
      invite.name,
      invite.created_by,
      invite.expires_at,
      invite.created_at,
    ],
  )
}

/** An invite still usable at `now` (unused, unexpired), or undefined. */
export async function findOpenInvite(
  db: Db,
  tokenHash: string,
  now: number,
): Promise<InviteRow | undefined> {
  const rows = await db.query(
    'SELECT token_hash, role, name, expires_at, used_at FROM console_invites WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
    [tokenHash, now],
  )
  const row = rows[0]
  return row
    ? { ...(row as unknown as InviteRow), expires_at: num(row.expires_at), used_at: null }
    : undefined
}

/** Spends the invite: true for exactly one caller, however many race (single use). */
export async function useInvite(
  tx: Db,
  tokenHash: string,
  userId: string,
  now: number,
): Promise<boolean> {
  const done = await tx.execute(
    'UPDATE console_invites SET used_at = ?, user_id = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
    [now, userId, tokenHash, now],
  )
  return done.rowsAffected === 1
}

// Sessions

export async function insertSession(db: Db, session: ConsoleSessionRow): Promise<void> {
  await db.execute(
    'INSERT INTO console_sessions (id_hash, user_id, csrf_token, demo, created_at, last_seen_at, verified_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      session.id_hash,
      session.user_id,
      session.csrf_token,
      session.demo,
      session.created_at,
      session.last_seen_at,
      session.verified_at,
    ],
  )
}

export async function findSession(db: Db, idHash: string): Promise<ConsoleSessionRow | undefined> {
  const rows = await db.query('SELECT * FROM console_sessions WHERE id_hash = ?', [idHash])
  const row = rows[0]
  if (!row) return undefined
  return {
    ...(row as unknown as ConsoleSessionRow),
    demo: num(row.demo),
    created_at: num(row.created_at),
    last_seen_at: num(row.last_seen_at),
    verified_at: maybeNum(row.verified_at),
  }
}

export async function touchSession(db: Db, idHash: string, at: number): Promise<void> {
  await db.execute('UPDATE console_sessions SET last_seen_at = ? WHERE id_hash = ?', [at, idHash])
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.execute('DELETE FROM console_sessions WHERE id_hash = ?', [idHash])
}

export async function markVerified(db: Db, idHash: string, at: number): Promise<void> {
  await db.execute('UPDATE console_sessions SET verified_at = ? WHERE id_hash = ?', [at, idHash])
}

/** Takes the session's fresh passkey check if made since `since`: one check serves one action. */
export async function spendVerification(db: Db, idHash: string, since: number): Promise<boolean> {
  const done = await db.execute(
    'UPDATE console_sessions SET verified_at = NULL WHERE id_hash = ? AND verified_at >= ?',
    [idHash, since],
  )
  return done.rowsAffected === 1
}

// Challenges

export async function insertChallenge(
  db: Db,
  challenge: {
    id: string
    challenge: string
    purpose: string
    subject: string | null
    expires_at: number
  },
): Promise<void> {
  await db.execute(
    'INSERT INTO console_challenges (id, challenge, purpose, subject, expires_at) VALUES (?, ?, ?, ?, ?)',
    [challenge.id, challenge.challenge, challenge.purpose, challenge.subject, challenge.expires_at],
  )
}

/** Removes and returns the challenge (single use); undefined when unknown, spent or expired. */
export async function takeChallenge(
  db: Db,
  id: string,
  purpose: string,
  now: number,
): Promise<{ challenge: string; subject: string | null } | undefined> {
  const rows = await db.query<{ challenge: string; subject: string | null; expires_at: unknown }>(
    'DELETE FROM console_challenges WHERE id = ? AND purpose = ? RETURNING challenge, subject, expires_at',
    [id, purpose],
  )
  const row = rows[0]
  if (!row || num(row.expires_at) <= now) return undefined
  return { challenge: row.challenge, subject: row.subject }
}

// Audit log

export async function insertAudit(db: Db, row: AuditRow): Promise<void> {
  await db.execute(
    'INSERT INTO console_audit (id, at, user_id, user_name, action, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [row.id, row.at, row.user_id, row.user_name, row.action, row.detail, row.ip],
  )
}

/** Newest first; `before` (an `at`) pages back. */
export async function listAudit(
  db: Db,
  options: { limit: number; before?: number },
): Promise<AuditRow[]> {
  const rows = await db.query(
    options.before === undefined
      ? 'SELECT * FROM console_audit ORDER BY at DESC, id DESC LIMIT ?'
      : 'SELECT * FROM console_audit WHERE at < ? ORDER BY at DESC, id DESC LIMIT ?',
    options.before === undefined ? [options.limit] : [options.before, options.limit],
  )
  return rows.map((row) => ({ ...(row as unknown as AuditRow), at: num(row.at) }))
}

// Login failures (the rate limit on sign-in, shared by replicas)

export async function recordLoginFailure(db: Db, id: string, ip: string, at: number) {
  await db.execute('INSERT INTO console_login_failures (id, ip, at) VALUES (?, ?, ?)', [id, ip, at])
}

export async function loginFailuresSince(db: Db, ip: string, since: number): Promise<number> {
  const rows = await db.query(
    'SELECT COUNT(*) AS n FROM console_login_failures WHERE ip = ? AND at >= ?',
    [ip, since],
  )
  return num(rows[0]?.n ?? 0)
}

/** The user if absent (the sandbox's demo owner, made on first use by whichever replica). */
export async function insertUserIfAbsent(
  db: Db,
  user: Omit<ConsoleUserRow, 'removed_at'>,
): Promise<void> {
  await db.execute(
    'INSERT INTO console_users (id, name, role, refund_limit, webauthn_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    [user.id, user.name, user.role, user.refund_limit, user.webauthn_id, user.created_at],
  )
}

/**
 * Drops what can no longer be used: expired challenges, sign-in failures older than `failuresBefore`,
 * sessions idle since `idleBefore` or started before `startedBefore`, expired unused invites.
 */
export async function pruneConsole(
  db: Db,
  cutoffs: { now: number; failuresBefore: number; idleBefore: number; startedBefore: number },
): Promise<void> {
  await db.execute('DELETE FROM console_challenges WHERE expires_at <= ?', [cutoffs.now])
  await db.execute('DELETE FROM console_login_failures WHERE at < ?', [cutoffs.failuresBefore])
  await db.execute('DELETE FROM console_sessions WHERE last_seen_at < ? OR created_at < ?', [
    cutoffs.idleBefore,
    cutoffs.startedBefore,
  ])
  await db.execute('DELETE FROM console_invites WHERE used_at IS NULL AND expires_at <= ?', [
    cutoffs.now,
  ])
}
