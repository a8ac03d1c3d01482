import type { MiddlewareHandler } from 'hono'
import { ApiError, AuthenticationError } from '../errors.js'
import { clientIp } from '../middleware/rate-limit.js'
import { loginFailuresSince, pruneConsole, recordLoginFailure } from '../store/console.js'
import type { ConsoleContext, ConsoleEnv } from './context.js'
import { readSession } from './sessions.js'
import { newId } from './tokens.js'

/** Sets `ip` (the audit log's "from where"): X-Forwarded-For only behind a trusted proxy. */
export function clientAddress(ctx: ConsoleContext): MiddlewareHandler<ConsoleEnv> {
  const hops = ctx.config.trustProxy ? (ctx.config.trustProxyHops ?? 1) : 0
  return async (c, next) => {
    c.set('ip', clientIp(c, hops))
    return next()
  }
}

/** Refuses a request without a live session (none, unknown, timed out, ended, user removed). */
export function requireSession(ctx: ConsoleContext): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const session = await readSession(c, ctx.db, ctx.sessions, ctx.now())
    if (!session)
      throw new AuthenticationError({
        code: 'not_signed_in',
        message: 'You are not signed in, or your session has ended. Sign in with your passkey.',
      })
    c.set('session', session)
    return next()
  }
}

/** Failed sign-ins one address may make in the window before it must wait. */
export const LOGIN_FAILURES_ALLOWED = 10
export const LOGIN_WINDOW_MS = 15 * 60_000

/**
 * The sign-in rate limit, kept in the database so replicas count together: an address with too
 * many failed passkey checks in the window is refused before any check.
 */
export async function refuseWhenLockedOut(ctx: ConsoleContext, ip: string): Promise<void> {
  const failures = await loginFailuresSince(ctx.db, ip, ctx.now() - LOGIN_WINDOW_MS)
  if (failures >= LOGIN_FAILURES_ALLOWED)
    throw new ApiError({
      status: 429,
      type: 'rate_limit_error',
      code: 'too_many_sign_in_attempts',
      message: 'Too many failed sign-ins from this address. Wait 15 minutes and try again.',
      retryable: true,
    })
}

export async function countLoginFailure(ctx: ConsoleContext, ip: string): Promise<void> {
  await recordLoginFailure(ctx.db, newId('lf'), ip, ctx.now())
}

/**
 * Clears out expired console rows; run at the start of each sign-in (often enough, and never on
 * a request that serves a signed-in page).
 */
export async function pruneExpired(ctx: ConsoleContext): Promise<void> {
  const now = ctx.now()
  await pruneConsole(ctx.db, {
    now,
    failuresBefore: now - LOGIN_WINDOW_MS,
    idleBefore: now - ctx.sessions.idleMs,
    startedBefore: now - ctx.sessions.absoluteMs,
  })
}
