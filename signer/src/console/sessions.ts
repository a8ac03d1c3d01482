import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import {
  type ConsoleSessionRow,
  deleteSession,
  findSession,
  findUser,
  insertSession,
  touchSession,
} from '../store/console.js'
import type { Db } from '../store/db.js'
import type { ConsoleUser } from './roles.js'
import { hashSecret, newSecret } from './tokens.js'

/**
 * Console sessions live in the database, so replicas on one PostgreSQL share them. The cookie holds
 * a random id; the store keeps only its hash. Cookies are HttpOnly and SameSite=Strict, and Secure
 * (with the `__Host-` prefix) wherever the console is not plain-http localhost. A session ends when
 * unused for the idle timeout or at the absolute timeout after sign-in, whichever comes first.
 */

export interface SessionSettings {
  idleMs: number
  absoluteMs: number
  /** https console: Secure cookie with the `__Host-` prefix. */
  secure: boolean
}

/** Skip the write of `last_seen_at` when the last one is this recent (one write a minute at most). */
const TOUCH_EVERY_MS = 60_000

export function cookieName(settings: SessionSettings): string {
  return settings.secure ? '__Host-eftpay-console' : 'eftpay-console'
}

export interface OpenSession {
  row: ConsoleSessionRow
  user: ConsoleUser
}

/** Starts a session for the user and sets its cookie; returns its CSRF token. */
export async function startSession(
  c: Context,
  db: Db,
  settings: SessionSettings,
  user: { id: string; demo: boolean },
  now: number,
): Promise<string> {
  const id = newSecret()
  const csrf = newSecret()
  await insertSession(db, {
    id_hash: hashSecret(id),
    user_id: user.id,
    csrf_token: csrf,
    demo: user.demo ? 1 : 0,
    created_at: now,
    last_seen_at: now,
    verified_at: null,
  })
  setCookie(c, cookieName(settings), id, {
    httpOnly: true,
    secure: settings.secure,
    sameSite: 'Strict',
    path: '/',
    maxAge: Math.floor(settings.absoluteMs / 1000),
  })
  return csrf
}

/** The session and its user for the request's cookie, or undefined (none, unknown, timed out, removed user). */
export async function readSession(
  c: Context,
  db: Db,
  settings: SessionSettings,
  now: number,
): Promise<OpenSession | undefined> {
  const id = getCookie(c, cookieName(settings))
  if (!id) return undefined
  const row = await findSession(db, hashSecret(id))
  if (!row) return undefined
  const stale =
    now - row.last_seen_at > settings.idleMs || now - row.created_at > settings.absoluteMs
  if (stale) {
    await deleteSession(db, row.id_hash)
    return undefined
  }
  const found = await findUser(db, row.user_id)
  if (!found) return undefined
  if (now - row.last_seen_at > TOUCH_EVERY_MS) await touchSession(db, row.id_hash, now)
  return {
    row,
    user: {
      id: found.id,
      name: found.name,
      role: found.role,
      refundLimit: found.refund_limit,
      demo: row.demo === 1,
    },
  }
}

/** Ends the request's session (sign-out) and clears its cookie. */
export async function endSession(c: Context, db: Db, settings: SessionSettings): Promise<void> {
  const id = getCookie(c, cookieName(settings))
  if (id) await deleteSession(db, hashSecret(id))
  deleteCookie(c, cookieName(settings), { path: '/', secure: settings.secure })
}
