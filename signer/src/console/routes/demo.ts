import { Hono } from 'hono'
import { insertUserIfAbsent } from '../../store/console.js'
import { audit } from '../audit.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { startSession } from '../sessions.js'

/**
 * The sandbox demo's shortcut: signs in a clearly marked demo owner without a passkey, so `npm
 * start` can open the console signed in. server.ts mounts it only when the signer runs in sandbox
 * mode (no EFTPAY_GATEWAY_URL); there is no setting that turns it on anywhere else, and a live
 * signer answers 404 (signer/test/console/demo-owner.test.ts).
 */

export const DEMO_OWNER = {
  id: 'cu_de00000000000000000000de',
  name: 'Demo owner (sandbox)',
} as const

export function demoRoutes(ctx: ConsoleContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()
  app.post('/sign-in', async (c) => {
    const now = ctx.now()
    await insertUserIfAbsent(ctx.db, {
      ...DEMO_OWNER,
      role: 'owner',
      refund_limit: '0.00',
      webauthn_id: 'demo',
      created_at: now,
    })
    const csrf = await startSession(c, ctx.db, ctx.sessions, { id: DEMO_OWNER.id, demo: true }, now)
    await audit(ctx.db, {
      user: DEMO_OWNER,
      action: 'session.signed_in',
      detail: { demo: true },
      ip: c.get('ip'),
      at: now,
    })
    return c.json({ csrf_token: csrf })
  })
  return app
}
