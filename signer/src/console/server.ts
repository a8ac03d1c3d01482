import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { toApiError } from '../error-mapping.js'
import { InternalError, NotFoundError } from '../errors.js'
import { headerAfterAnswer } from '../middleware/after-answer.js'
import { limitBody } from '../middleware/body-limit.js'
import { refuseNul } from '../middleware/refuse-nul.js'
import { requestContext } from '../middleware/request-context.js'
import { assetRoutes } from './assets.js'
import type { ConsoleContext, ConsoleDeps, ConsoleEnv } from './context.js'
import { requireCsrfToken, sameOriginOnly } from './csrf.js'
import { clientAddress, requireSession } from './guards.js'
import { relyingPartyOf } from './passkeys.js'
import { attentionRoutes } from './routes/attention.js'
import { auditRoutes } from './routes/audit-log.js'
import { demoRoutes } from './routes/demo.js'
import { paymentRoutes } from './routes/payments.js'
import { refundRoutes } from './routes/refunds.js'
import { reportRoutes } from './routes/reports.js'
import { sessionRoutes } from './routes/session.js'
import { settingsRoutes } from './routes/settings.js'
import { signInRoutes } from './routes/sign-in.js'
import { userRoutes } from './routes/users.js'
import { webhookRoutes } from './routes/webhooks.js'

/**
 * The merchant console's HTTP app, served on its own listener (console/listener.ts), never on the
 * public port (docs/architecture.md#the-merchant-console). Layout:
 *
 *   /console/api/enrol/*, /login/*       before a session (same-origin only, sign-in rate limit)
 *   /console/api/demo/sign-in            sandbox mode only
 *   /console/api/*  (everything else)    a session, and its CSRF token on every change; the
 *                                        screens' routes (payments, attention, webhooks, reports)
 *                                        call the merchant API's domain functions on `core`
 *   /assets/*, page paths                the front end (console/), strict CSP
 *
 * To add a console API route: write `routes/<name>.ts` exporting `(ctx) => Hono<ConsoleEnv>`, check
 * the role inside with roles.ts, audit each change (audit.ts), and add `['/<name>', <name>Routes(ctx)]`
 * to the guarded list in `createConsoleApp`.
 */

/** No inline script or style anywhere: the build emits files only (console/vite.config.ts). */
const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

export function consoleContext(deps: ConsoleDeps): ConsoleContext {
  const { config } = deps
  return {
    ...deps,
    rp: relyingPartyOf(deps.consoleUrl, `${config.merchantName ?? 'eftPay'} console`),
    sessions: {
      idleMs: config.consoleIdleMinutes * 60_000,
      absoluteMs: config.consoleSessionHours * 3_600_000,
      secure: deps.consoleUrl.startsWith('https:'),
    },
    now: () => deps.clock().getTime(),
  }
}

export function createConsoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const ctx = consoleContext(deps)
  const app = new Hono<ConsoleEnv>()
  app.use('*', requestContext({ logger: deps.logger.child({ component: 'console' }) }))
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: CSP,
      crossOriginResourcePolicy: 'same-origin',
      crossOriginOpenerPolicy: 'same-origin',
      referrerPolicy: 'no-referrer',
    }),
  )
  app.use('*', limitBody())
  app.use('*', refuseNul())
  app.use('*', clientAddress(ctx))

  const api = new Hono<ConsoleEnv>()
  api.use('*', async (c, next) => {
    await next()
    if (!c.res.headers.has('Cache-Control')) headerAfterAnswer(c, 'Cache-Control', 'no-store')
  })
  api.use('*', sameOriginOnly(new URL(deps.consoleUrl).origin))
  api.route('/', signInRoutes(ctx))
  if (deps.config.mode === 'sandbox') api.route('/demo', demoRoutes(ctx))
  // Signed in, with the CSRF token on changes. Guarded per prefix, so an unknown path is a 404.
  const guard = [requireSession(ctx), requireCsrfToken()] as const
  for (const path of ['/me', '/logout', '/verify/*']) api.use(path, ...guard)
  api.route('/', sessionRoutes(ctx))
  const { core } = ctx
  const screens: [string, Hono<ConsoleEnv>][] = core
    ? [
        ['/payments', paymentRoutes(ctx, core)],
        ['/attention', attentionRoutes(ctx, core)],
        ['/webhooks', webhookRoutes(ctx, core)],
        ['/reports', reportRoutes(ctx, core)],
      ]
    : []
  for (const [prefix, routes] of [
    ['/users', userRoutes(ctx)],
    ['/audit', auditRoutes(ctx)],
    ['/refunds', refundRoutes(ctx)],
    ['/settings', settingsRoutes(ctx)],
    ...screens,
  ] as const) {
    api.use(prefix, ...guard)
    api.use(`${prefix}/*`, ...guard)
    api.route(prefix, routes)
  }
  app.route('/console/api', api)
  app.route('/', assetRoutes(deps.assetsDir))

  app.notFound((c) =>
    c.json(
      new NotFoundError({
        code: 'not_found',
        message: `There is no ${c.req.method} ${c.req.path} in the console.`,
      }).toJSON(),
      404,
    ),
  )
  app.onError((error, c) => {
    const api = toApiError(error)
    if (api) return c.json(api.toJSON(), api.status)
    const log = c.get('log') ?? deps.logger
    log.error(
      { err: error instanceof Error ? { name: error.name, message: error.message } : {} },
      'console: unhandled error',
    )
    return c.json(new InternalError().toJSON(), 500)
  })
  return app
}
