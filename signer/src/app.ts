import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { gatewayLogDetail, toApiError } from './error-mapping.js'
import { InternalError, NotFoundError } from './errors.js'
import { headerAfterAnswer } from './middleware/after-answer.js'
import { limitBody } from './middleware/body-limit.js'
import { browserGuards } from './middleware/browser-guards.js'
import { CLIENT_CLOSED_REQUEST, isClientAbort } from './middleware/client-abort.js'
import { refuseNul } from './middleware/refuse-nul.js'
import { requestContext } from './middleware/request-context.js'
import { buildOpenApiDocument } from './openapi/document.js'
import { applePayRoutes } from './routes/apple-pay.js'
import { attentionRoutes } from './routes/attention.js'
import { configRoutes } from './routes/config.js'
import type { AppDeps, AppEnv } from './routes/deps.js'
import { googlePayRoutes } from './routes/google-pay.js'
import { healthRoutes } from './routes/health.js'
import { hostedPageRoutes } from './routes/hosted-pages.js'
import { linkPageRoutes } from './routes/link-pages.js'
import { linkRoutes } from './routes/links.js'
import { merchantListRoutes } from './routes/merchant.js'
import { notifyRoutes } from './routes/notify.js'
import { paymentRoutes } from './routes/payments.js'
import { refundRoutes } from './routes/refunds.js'
import { returnRoutes } from './routes/return.js'
import { sessionRoutes } from './routes/sessions.js'
import { loadWidgetAssets, widgetAssetRoutes } from './routes/widget-assets.js'

export type { AppDeps, AppEnv } from './routes/deps.js'

/** The package version, shown in the OpenAPI document. */
const VERSION = '0.1.0'

/**
 * Builds the signer's HTTP app: no environment reads, no listening, no module
 * state. Everything it needs comes in `deps`; tests call `createApp(deps).request(...)`.
 *
 * Layout: security headers, request id and access log, and the 64 kB body limit on everything;
 * each routes sub-app attaches its own CORS and per-IP rate limits (browser endpoints) or the API
 * key (merchant endpoints); one error handler renders every error in the docs/api.md shape.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, clock } = deps
  const app = new Hono<AppEnv>()

  app.use(
    '*',
    requestContext({
      logger: deps.logger,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.newRequestId ? { newId: deps.newRequestId } : {}),
    }),
  )
  app.use(
    '*',
    secureHeaders({
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginOpenerPolicy: 'same-origin',
    }),
  )
  app.use('*', async (c, next) => {
    // API answers hold client secrets and payment state: never cache them.
    await next()
    if (!c.res.headers.has('Cache-Control')) headerAfterAnswer(c, 'Cache-Control', 'no-store')
  })
  app.use('*', limitBody())
  // Before any handler or store: PostgreSQL cannot hold a NUL (middleware/refuse-nul.ts).
  app.use('*', refuseNul())

  // Each browser sub-app attaches these to its own paths (CORS, rate limits per route group).
  const browser = browserGuards({
    config,
    clock,
    ...(deps.rateLimitStore ? { store: deps.rateLimitStore } : {}),
  })
  app.route('/v1/config', configRoutes(deps, browser))
  // Before the browser's sub-apps on the same prefixes: the lists answer their own paths first.
  if (deps.core) merchantListRoutes(app, deps, deps.core)
  app.route('/v1/sessions', sessionRoutes(deps, browser))
  app.route('/v1/sessions', paymentRoutes(deps, browser))
  app.route('/v1/sessions', applePayRoutes(deps, browser))
  app.route('/v1/sessions', googlePayRoutes(deps, browser))
  app.route('/v1/refunds', refundRoutes(deps))
  app.route('/v1/attention', attentionRoutes(deps))
  app.route('/v1/gateway', notifyRoutes(deps))
  app.route('/v1/gateway', returnRoutes(deps, browser))
  app.route('/', healthRoutes(deps))
  const widgetAssets = loadWidgetAssets() ?? null
  app.route('/widget', widgetAssetRoutes(widgetAssets))
  app.route('/', hostedPageRoutes(deps, widgetAssets))
  if (deps.links) {
    app.route('/v1/links', linkRoutes(deps, deps.links))
    app.route('/', linkPageRoutes(deps, deps.links, deps.catalog, browser))
  }

  let openApi: Record<string, unknown> | undefined
  app.get('/openapi.json', (c) => {
    openApi ??= buildOpenApiDocument({ version: VERSION, serverUrl: config.publicUrl })
    return c.json(openApi)
  })

  const association = config.applePay.domainAssociation
  if (association) {
    app.get('/.well-known/apple-developer-merchantid-domain-association', (c) =>
      c.body(association, 200, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'public, max-age=3600',
      }),
    )
  }

  // The built-in simulator and its panel (sandbox-mode.ts); never served by a live signer.
  if (deps.sandbox && config.mode === 'sandbox') app.route('/sandbox', deps.sandbox.app)

  app.notFound((c) => {
    const error = new NotFoundError({
      code: 'not_found',
      message: `There is no ${c.req.method} ${c.req.path}. See /openapi.json for the API.`,
    })
    return c.json(error.toJSON(), 404)
  })

  // The one place errors become responses (error-mapping.ts): known ones in the API's JSON shape;
  // anything else a generic 500 whose log has name, message and stack, never bodies or headers.
  app.onError((error, c) => {
    const log = c.get('log') ?? deps.logger
    const api = toApiError(error)
    if (api) {
      if (api.status >= 500)
        log.warn(
          { code: api.code, status: api.status, gateway: gatewayLogDetail(error) },
          'gateway error',
        )
      return c.json(api.toJSON(), api.status)
    }
    if (isClientAbort(error, c)) {
      log.info(
        { reason: error instanceof Error ? error.message : 'aborted' },
        'client aborted the request',
      )
      return c.body(null, CLIENT_CLOSED_REQUEST as never)
    }
    // Unknown: a generic 500. Name, message and stack are logged; never request bodies or headers.
    const err =
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : { value: String(error) }
    log.error({ err }, 'unhandled error')
    return c.json(new InternalError().toJSON(), 500)
  })

  return app
}
