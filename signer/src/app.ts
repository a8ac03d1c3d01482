import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import { secureCompare } from './crypto/secure-compare.js'
import { toApiError } from './domain/gateway-errors.js'
import { ApiError, NotFoundError } from './errors.js'
import { exchangeLogRoutes } from './gateway/exchange-log.js'
import { GatewayError } from './gateway/gateway-error.js'
import { limitBody } from './middleware/body-limit.js'
import { CLIENT_CLOSED_REQUEST, isClientAbort } from './middleware/client-abort.js'
import { browserCors } from './middleware/cors.js'
import { bearerToken } from './middleware/merchant-auth.js'
import { clientIp, memoryTokenBuckets, rateLimit } from './middleware/rate-limit.js'
import { refuseNul } from './middleware/refuse-nul.js'
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
import { widgetAssetRoutes } from './routes/widget-assets.js'

export type { AppDeps, AppEnv } from './routes/deps.js'

/** The package version, shown in the OpenAPI document. */
const VERSION = '0.1.0'

/**
 * Builds the signer's HTTP app: no environment reads, no listening, no module
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
  // Before any handler or store: PostgreSQL cannot hold a NUL (middleware/refuse-nul.ts).
  app.use('*', refuseNul())

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
      keyOf: (c) => clientIp(c, config.trustProxy ? (config.trustProxyHops ?? 1) : 0),
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
  // The shopper's return is public too, and a signed one makes the signer ask eftPay.
  app.use('/v1/gateway/return/*', limit('return'))

  app.route('/v1/config', configRoutes(deps))
  app.route('/v1/sessions', sessionRoutes(deps))
  app.route('/v1/sessions', paymentRoutes(deps))
  app.route('/v1/sessions', applePayRoutes(deps))
  app.route('/v1/refunds', refundRoutes(deps))
  app.route('/v1/gateway', notifyRoutes(deps))
  app.route('/v1/gateway', returnRoutes(deps))
  app.route('/', healthRoutes(deps))
  app.route('/widget', widgetAssetRoutes())

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

  if (config.mode === 'sandbox') {
    if (deps.exchangeLog) {
      app.use('/sandbox/exchanges', cors)
      app.route('/sandbox', exchangeLogRoutes(deps.exchangeLog))
    }
    if (deps.sandbox) app.route('/sandbox', deps.sandbox.app)
  }

  app.notFound((c) => {
    const error = new NotFoundError({
      code: 'not_found',
      message: `There is no ${c.req.method} ${c.req.path}. See /openapi.json for the API.`,
    })
    return c.json(error.toJSON(), 404)
  })

  app.onError((error, c) => {
    const log = c.get('log') ?? deps.logger
    const api = asApiError(error)
    if (api) {
      if (api.status >= 500)
        log.warn(
          { code: api.code, status: api.status, gateway: gatewayDetail(error) },
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
    const internal = new ApiError({
      status: 500,
      type: 'api_error',
      code: 'internal',
      retryable: true,
      message:
        'Something went wrong in the signer. Try again in a moment; if it keeps failing, contact the merchant.',
    })
    return c.json(internal.toJSON(), 500)
  })

  return app
}

function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error
  if (error instanceof GatewayError) return toApiError(error)
  if (error instanceof HTTPException && error.status === 413) {
    return new ApiError({
      status: 413,
      type: 'invalid_request_error',
      code: 'body_too_large',
      message: 'The body is larger than 64 kB. Send a smaller request.',
    })
  }
  return undefined
}

/** What is safe to log of a gateway failure: kind and return codes (return_char only here, never to callers). */
function gatewayDetail(error: unknown): Record<string, unknown> | undefined {
  const cause =
    error instanceof GatewayError
      ? error
      : error instanceof Error && error.cause instanceof GatewayError
        ? error.cause
        : undefined
  if (!cause) return undefined
  return {
    kind: cause.kind,
    return_status: cause.returnStatus,
    return_char: cause.returnChar,
    http_status: cause.httpStatus,
  }
}
