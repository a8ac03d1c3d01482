import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import { Hono } from 'hono'
import { AuthenticationError } from '../../errors.js'
import { jsonBody } from '../../http/validate.js'
import { markVerified } from '../../store/console.js'
import { audit } from '../audit.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { authenticationCeremony, verifyAuthentication } from '../passkeys.js'
import { assertionBody } from '../schemas.js'
import { endSession } from '../sessions.js'

/** Inside a session: who am I, sign out, and the fresh passkey check before a refund. */
export function sessionRoutes(ctx: ConsoleContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()
  const { db, rp } = ctx

  app.get('/me', (c) => {
    const { user, row } = c.get('session')
    return c.json({
      user: {
        id: user.id,
        name: user.name,
        role: user.role,
        refund_limit: user.refundLimit,
        demo: user.demo,
      },
      csrf_token: row.csrf_token,
      mode: ctx.config.mode,
    })
  })

  app.post('/logout', async (c) => {
    const { user } = c.get('session')
    await endSession(c, db, ctx.sessions)
    await audit(db, { user, action: 'session.signed_out', ip: c.get('ip'), at: ctx.now() })
    return c.body(null, 204)
  })

  app.post('/verify/options', async (c) => {
    const { user } = c.get('session')
    return c.json(await authenticationCeremony(db, rp, 'verify', user.id, ctx.now()))
  })

  app.post('/verify/verify', async (c) => {
    const body = await jsonBody(c, assertionBody)
    const { user, row } = c.get('session')
    const now = ctx.now()
    const verified = await verifyAuthentication(
      db,
      rp,
      'verify',
      body.ceremony,
      body.response as unknown as AuthenticationResponseJSON,
      now,
    )
    if (verified !== user.id)
      throw new AuthenticationError({
        code: 'passkey_refused',
        param: 'response',
        message: 'The passkey check did not succeed. Try again with your own passkey.',
      })
    await markVerified(db, row.id_hash, now)
    await audit(db, { user, action: 'session.verified', ip: c.get('ip'), at: now })
    return c.body(null, 204)
  })

  return app
}
