import { secureCompare } from '@eftpay/webhooks'
import type { MiddlewareHandler } from 'hono'
import { PermissionError } from '../errors.js'
import type { ConsoleEnv } from './context.js'

/**
 * Cross-site request refusal for every change (docs/architecture.md#the-merchant-console), in two
 * layers besides the SameSite=Strict cookie:
 * - every non-GET request must come from the console's own origin (`Origin`, or `Sec-Fetch-Site:
 *   same-origin` where a browser sends no Origin), before and after sign-in (login CSRF too);
 * - inside a session, the `X-CSRF-Token` header must equal the session's token (`requireCsrfToken`).
 */

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

export const CSRF_HEADER = 'X-CSRF-Token'

function crossSite(): PermissionError {
  return new PermissionError({
    code: 'cross_site_request',
    message: 'This request did not come from the console itself. Open the console and try there.',
  })
}

export function sameOriginOnly(consoleOrigin: string): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next()
    const origin = c.req.header('Origin')
    const site = c.req.header('Sec-Fetch-Site')
    const allowed = origin ? origin === consoleOrigin : site === 'same-origin'
    if (!allowed) throw crossSite()
    return next()
  }
}

/** After `requireSession`: a change must carry the session's CSRF token. */
export function requireCsrfToken(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next()
    const sent = c.req.header(CSRF_HEADER) ?? ''
    if (!secureCompare(sent, c.get('session').row.csrf_token))
      throw new PermissionError({
        code: 'csrf_token_invalid',
        param: CSRF_HEADER,
        message: `${CSRF_HEADER} is missing or wrong. Reload the console and try again.`,
      })
    return next()
  }
}
