import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { PermissionError } from '../errors.js'
import { headerAfterAnswer } from './after-answer.js'

/**
 * CORS for the browser endpoints, limited to `ALLOWED_ORIGINS` (docs/api.md "Browser endpoints").
 * A request that carries an Origin not on the list is refused outright with 403
 * `origin_not_allowed`, not just left without CORS headers: a non-browser client forging Origin
 * gains nothing. The refusal itself carries `Access-Control-Allow-Origin` for that origin (and a
 * refused origin's preflight passes), so the page's script can read the 403 and its message
 * instead of seeing a bare network error; the request itself is still refused.
 */
export interface BrowserCorsOptions {
  allowedOrigins: readonly string[]
}

/**
 * Whether `origin` is on the list. An entry `http://localhost:*` or `http://127.0.0.1:*` (the
 * sandbox default, docs/deploy.md) matches that host on any port.
 */
export function originAllowed(allowedOrigins: readonly string[], origin: string): boolean {
  if (allowedOrigins.includes(origin)) return true
  const anyPort = /^(http:\/\/(?:localhost|127\.0\.0\.1)):\d{1,5}$/.exec(origin)?.[1]
  return anyPort !== undefined && allowedOrigins.includes(`${anyPort}:*`)
}

const CORS_OPTIONS = {
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'X-Request-Id'],
  exposeHeaders: ['X-Request-Id', 'Retry-After'],
  maxAge: 600,
}

export function browserCors(options: BrowserCorsOptions): MiddlewareHandler {
  const { allowedOrigins } = options
  const corsHandler = cors({
    ...CORS_OPTIONS,
    origin: (origin) => (originAllowed(allowedOrigins, origin) ? origin : null),
  })
  // Answers a refused origin's preflight, so the real request reaches the 403 below.
  const echoCors = cors({ ...CORS_OPTIONS, origin: (origin) => origin })
  const exposeHeaders = CORS_OPTIONS.exposeHeaders.join(',')
  return async function browserCorsMiddleware(c, next) {
    const origin = c.req.header('origin')
    if (origin !== undefined && !originAllowed(allowedOrigins, origin)) {
      if (c.req.method === 'OPTIONS') return echoCors(c, next)
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Access-Control-Expose-Headers', exposeHeaders)
      c.header('Vary', 'Origin')
      throw new PermissionError({
        code: 'origin_not_allowed',
        message: `The origin ${origin.slice(0, 200)} is not allowed. Add it to ALLOWED_ORIGINS on the signer.`,
      })
    }
    if (c.req.method === 'OPTIONS') return corsHandler(c, next)
    // A request that is not a preflight gets what hono's cors gives it (the same headers, `Vary:
    // Origin` appended after the answer) without its `c.header()` after the answer
    // (after-answer.ts).
    if (origin !== undefined) c.header('Access-Control-Allow-Origin', origin)
    c.header('Access-Control-Expose-Headers', exposeHeaders)
    await next()
    headerAfterAnswer(c, 'Vary', 'Origin', true)
  }
}
