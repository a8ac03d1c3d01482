import type { MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Logger } from '../observability/logger.js'
import type { Metrics } from '../observability/metrics.js'
import { runInRequest } from '../observability/request-scope.js'
import { headerAfterAnswer } from './after-answer.js'

/**
 * Request id, per-request logger and access log. The id comes from a sane incoming
 * `X-Request-Id` or is made here, goes back in the response header, and is on every log line
 * the request writes (`c.get('log')`). The access line carries method, route pattern, status
 * and time, never the query string (it may hold a client_secret) nor headers.
 */
export type AppVariables = {
  requestId: string
  log: Logger
}

export interface RequestContextOptions {
  logger: Logger
  metrics?: Metrics
  /** Makes a request id (tests inject a fixed one). */
  newId?: () => string
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/

export function requestContext(
  options: RequestContextOptions,
): MiddlewareHandler<{ Variables: AppVariables }> {
  const newId = options.newId ?? (() => crypto.randomUUID())
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && SANE_ID.test(incoming) ? incoming : newId()
    const log = options.logger.child({ request_id: requestId })
    c.set('requestId', requestId)
    c.set('log', log)
    const started = performance.now()
    try {
      // Everything the request runs (money core, gateway client) logs with its id (observability/request-scope.ts).
      await runInRequest(requestId, next)
    } finally {
      headerAfterAnswer(c, 'X-Request-Id', requestId)
      const seconds = (performance.now() - started) / 1000
      // The matched pattern, not the path: ids must not explode metric cardinality.
      const route = routeOf(c)
      const status = String(c.res.status)
      options.metrics?.httpRequests.inc({ method: c.req.method, route, status })
      options.metrics?.httpDuration.observe({ method: c.req.method, route, status }, seconds)
      log.info(
        { method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) },
        'request',
      )
    }
  }
}

/** The pattern of the handler that answered (the last non-middleware match), or `unmatched`. */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL')
  return handlers.at(-1)?.path ?? 'unmatched'
}
