import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { PermissionError } from '../errors.js'

/**
 * CORS for the browser endpoints, limited to `ALLOWED_ORIGINS` (docs/api.md). A request
 * that carries an Origin not on the list is refused outright with 403 `origin_not_allowed`, not
 * just left without CORS headers: a non-browser client forging Origin gains nothing, and a page on
 * a foreign site learns why it fails.
 */
export interface BrowserCorsOptions {
  allowedOrigins: readonly string[]
}

export function browserCors(options: BrowserCorsOptions): MiddlewareHandler {
  const allowed = new Set(options.allowedOrigins)
  const corsHandler = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'X-Request-Id'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  })
  return async function browserCorsMiddleware(c, next) {
    const origin = c.req.header('origin')
    if (origin !== undefined && !allowed.has(origin)) {
      throw new PermissionError({
        code: 'origin_not_allowed',
        message: `The origin ${origin.slice(0, 200)} is not allowed. Add it to ALLOWED_ORIGINS on the signer.`,
      })
    }
    return corsHandler(c, next)
  }
}
