import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server'
import { Hono } from 'hono'
import { AuthenticationError, NotFoundError } from '../../errors.js'
import { jsonBody } from '../../http/validate.js'
import { clientIp, memoryTokenBuckets, rateLimit } from '../../middleware/rate-limit.js'
import {
  findOpenInvite,
  findUser,
  insertPasskey,
  insertUser,
  useInvite,
} from '../../store/console.js'
import { audit } from '../audit.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { countLoginFailure, pruneExpired, refuseWhenLockedOut } from '../guards.js'
import {
  authenticationCeremony,
  registrationCeremony,
  verifyAuthentication,
  verifyRegistration,
} from '../passkeys.js'
import { DEFAULT_STAFF_REFUND_LIMIT } from '../roles.js'
import { assertionBody, enrolOptionsBody, enrolVerifyBody } from '../schemas.js'
import { startSession } from '../sessions.js'
import { hashSecret, newId } from '../tokens.js'

/**
 * Before a session: enrolment from an invite (a new user and their passkey) and sign-in with a
 * passkey. Both start a session. Every failed passkey check counts towards the address's limit.
 */

function inviteUnusable(): NotFoundError {
  return new NotFoundError({
    code: 'invite_unusable',
    param: 'invite',
    message:
      'This invite link has been used or has expired. Ask an owner (or the server, for an owner) for a new one.',
  })
}

function passkeyRefused(): AuthenticationError {
  return new AuthenticationError({
    code: 'passkey_refused',
    param: 'response',
    message: 'The passkey check did not succeed. Try again with a passkey for this console.',
  })
}

export function signInRoutes(ctx: ConsoleContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()
  const { db, rp } = ctx
  // Each call writes a challenge: a plain request limit per address (per replica) besides the
  // failed-check limit in guards.ts, so nobody fills the store from outside.
  const hops = ctx.config.trustProxy ? (ctx.config.trustProxyHops ?? 1) : 0
  const limit = rateLimit({
    store: memoryTokenBuckets({ capacity: 100, refillPerSecond: 1 }),
    group: 'console-sign-in',
    clock: ctx.clock,
    keyOf: (c) => clientIp(c, hops),
  })
  app.use('/enrol/*', limit)
  app.use('/login/*', limit)

  // Before sign-in the page needs only the mode (the sandbox demo's button); nothing secret.
  app.get('/mode', (c) => c.json({ mode: ctx.config.mode }))

  app.post('/enrol/options', async (c) => {
    const body = await jsonBody(c, enrolOptionsBody)
    const tokenHash = hashSecret(body.invite)
    const invite = await findOpenInvite(db, tokenHash, ctx.now())
    if (!invite) throw inviteUnusable()
    // A fresh WebAuthn user handle per enrolment; it becomes the user's when the invite is spent.
    const webauthnId = Buffer.from(newId('wa')).toString('base64url')
    const ceremony = await registrationCeremony(
      db,
      rp,
      { webauthnId, name: invite.name },
      `${tokenHash} ${webauthnId}`,
      ctx.now(),
    )
    return c.json({ ...ceremony, name: invite.name, role: invite.role })
  })

  app.post('/enrol/verify', async (c) => {
    const body = await jsonBody(c, enrolVerifyBody)
    const tokenHash = hashSecret(body.invite)
    const now = ctx.now()
    const verified = await verifyRegistration(
      db,
      rp,
      body.ceremony,
      body.response as unknown as RegistrationResponseJSON,
      now,
    )
    const [subjectHash, webauthnId] = verified?.subject?.split(' ') ?? []
    if (!verified || subjectHash !== tokenHash || !webauthnId) {
      await countLoginFailure(ctx, c.get('ip'))
      throw passkeyRefused()
    }
    const invite = await findOpenInvite(db, tokenHash, now)
    if (!invite) throw inviteUnusable()
    const userId = newId('cu')
    // Spent and enrolled in one transaction: a second use of the same link finds it spent.
    const spent = await db.transaction(async (tx) => {
      if (!(await useInvite(tx, tokenHash, userId, now))) return false
      await insertUser(tx, {
        id: userId,
        name: invite.name,
        role: invite.role,
        refund_limit: DEFAULT_STAFF_REFUND_LIMIT,
        webauthn_id: webauthnId,
        created_at: now,
      })
      await insertPasskey(tx, { ...verified.passkey, user_id: userId }, now)
      return true
    })
    if (!spent) throw inviteUnusable()
    const user = { id: userId, name: invite.name }
    await audit(db, {
      user,
      action: 'user.enrolled',
      detail: { role: invite.role },
      ip: c.get('ip'),
      at: now,
    })
    const csrf = await startSession(c, db, ctx.sessions, { id: userId, demo: false }, now)
    return c.json({ csrf_token: csrf }, 201)
  })

  app.post('/login/options', async (c) => {
    await pruneExpired(ctx)
    await refuseWhenLockedOut(ctx, c.get('ip'))
    return c.json(await authenticationCeremony(db, rp, 'login', null, ctx.now()))
  })

  app.post('/login/verify', async (c) => {
    const ip = c.get('ip')
    await refuseWhenLockedOut(ctx, ip)
    const body = await jsonBody(c, assertionBody)
    const now = ctx.now()
    const userId = await verifyAuthentication(
      db,
      rp,
      'login',
      body.ceremony,
      body.response as unknown as AuthenticationResponseJSON,
      now,
    )
    const user = userId ? await findUser(db, userId) : undefined
    if (!user) {
      await countLoginFailure(ctx, ip)
      await audit(db, { user: null, action: 'session.sign_in_failed', ip, at: now })
      throw passkeyRefused()
    }
    const csrf = await startSession(c, db, ctx.sessions, { id: user.id, demo: false }, now)
    await audit(db, { user, action: 'session.signed_in', ip, at: now })
    return c.json({ csrf_token: csrf })
  })

  return app
}
