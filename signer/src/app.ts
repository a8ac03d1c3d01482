import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { secureCompare } from './crypto/secure-compare.js'
import { gatewayLogDetail, toApiError } from './error-mapping.js'
import { InternalError, NotFoundError } from './errors.js'
import { limitBody } from './middleware/body-limit.js'
import { browserCors } from './middleware/cors.js'
import { bearerToken } from './middleware/merchant-auth.js'
import { clientIp, memoryTokenBuckets, rateLimit } from './middleware/rate-limit.js'
import { requestContext } from './middleware/request-context.js'
import { buildOpenApiDocument } from './openapi/document.js'
import { applePayRoutes } from './routes/apple-pay.js'
import { configRoutes } from './routes/config.js'
import type { AppDeps, AppEnv } from './routes/deps.js'
import { healthRoutes } from './routes/health.js'
import { notifyRoutes } from './routes/notify.js'
import { paymentRoutes } from './routes/payments.js'
import { refundRoutes } from './routes/refunds.js'
import { returnRoutes } from './routes/return.js'
import { sessionRoutes } from './routes/sessions.js'

export type { AppDeps, AppEnv } from './routes/deps.js'

/** The package version, shown in the OpenAPI document. */
const VERSION = '0.1.0'

/**
 * Builds the signer's HTTP app (STYLE.md 11): no environment reads, no listening, no module
 * state. Everything it needs comes in `deps`; tests call `createApp(deps).request(...)`.
 *
 * Layout: security headers, request id and access log, and the 64 kB body limit on everything;
 * CORS (ALLOWED_ORIGINS only) and per-IP rate limits on the browser endpoints; the API key on the
 * merchant endpoints; one error handler that renders every error in the docs/api.md shape.
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
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
  })
  app.use('*', limitBody())

  // Browser endpoints: origin check + CORS, then rate limits per client IP and route group.
  const cors = browserCors({ allowedOrigins: config.allowedOrigins })
  const perMinute = config.rateLimitPerMinute
  const store =
    deps.rateLimitStore ??
    memoryTokenBuckets({ capacity: perMinute, refillPerSecond: perMinute / 60 })
  const limit = (group: string) =>
    rateLimit({
      store,
      group,
      clock,
      keyOf: (c) => clientIp(c, config.trustProxy),
      // The merchant's backend (it sends the right API key) is not a browser. Any other bearer
      // token is limited like a browser: a made-up header must not lift the limit.
      skip: (c) => {
        const token = bearerToken(c)
        return token !== undefined && secureCompare(token, config.apiKey)
      },
    })
  app.use('/v1/config', cors, limit('config'))
  app.use('/v1/sessions', cors, limit('sessions'))
  app.use('/v1/sessions/*', cors)
  app.on(['GET'], '/v1/sessions/:id', limit('session-read'))
  app.use('/v1/sessions/:id/payments', limit('payments'))
  app.use('/v1/sessions/:id/apple-pay/*', limit('apple-pay'))

  app.route('/v1/config', configRoutes(deps))
  app.route('/v1/sessions', sessionRoutes(deps))
  app.route('/v1/sessions', paymentRoutes(deps))
  app.route('/v1/sessions', applePayRoutes(deps))
  app.route('/v1/refunds', refundRoutes(deps))
  app.route('/v1/gateway', notifyRoutes(deps))
  app.route('/v1/gateway', returnRoutes(deps))
  app.route('/', healthRoutes(deps))

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
    const err =
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : { value: String(error) }
    log.error({ err }, 'unhandled error')
    return c.json(new InternalError().toJSON(), 500)
  })

  return app
}
