import { Hono } from 'hono'
import { auditRequest } from '../audit-request.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { requireOwner } from '../roles.js'
import { type ConsoleCheck, runConsoleChecks } from '../settings-check.js'

/**
 * Settings, read-only: mode, enabled wallets, public URL, the webhook endpoint (origin only: its
 * path may carry a token), and the last check run from this console process. Running the checks
 * (settings-check.ts) is for owners and audited. Never a secret, key or credential.
 */
export function settingsRoutes(ctx: ConsoleContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()
  let last: ConsoleCheck | null = null
  const { config } = ctx

  app.get('/', (c) =>
    c.json({
      mode: config.mode,
      wallets: [
        ...config.wallets,
        ...(config.applePay.enabled ? ['APPLEPAY'] : []),
        ...(config.googlePay.enabled ? ['GOOGLEPAY'] : []),
      ],
      public_url: config.publicUrl,
      webhook_endpoint: config.webhook ? new URL(config.webhook.url).origin : null,
      last_check: last,
    }),
  )

  app.post('/check', async (c) => {
    const { user } = c.get('session')
    requireOwner(user)
    last = await runConsoleChecks(config, () => new Date(ctx.now()))
    await auditRequest(ctx, c, 'settings.checked', { ok: last.ok })
    return c.json(last)
  })

  return app
}
