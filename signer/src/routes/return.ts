import { type Context, Hono } from 'hono'
import { NotFoundError } from '../errors.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import type { AppDeps, AppEnv } from './deps.js'
import { readGatewayPayload } from './gateway-payload.js'

/**
 * `GET|POST /v1/gateway/return/:session_id`, the `return_url` given to eftPay. Its return address
 * cannot carry a query, so it points here; the service decides where the shopper goes (the
 * session's `success_url` or `cancel_url`, with `session_id` added) and this route redirects (303).
 */
export function returnRoutes(deps: AppDeps, browser: BrowserGuards): Hono<AppEnv> {
  const handle = async (c: Context<AppEnv>) => {
    // Spread, not Object.assign: a JSON body's own "__proto__" key must stay data, not a prototype.
    const payload: Record<string, unknown> = {
      ...c.req.query(),
      ...(c.req.method === 'POST' ? await readGatewayPayload(c.req.raw) : {}),
    }
    const destination = await deps.service.handleReturn(c.req.param('session_id') ?? '', payload)
    if (!destination) {
      throw new NotFoundError({
        code: 'session_not_found',
        param: 'session_id',
        message: 'This checkout session does not exist. Go back to the shop and try again.',
      })
    }
    return c.redirect(destination, 303)
  }
  // The shopper's return is public, and a signed one makes the signer ask eftPay: rate limited
  // like the other browser endpoints.
  return new Hono<AppEnv>()
    .use('/return/*', browser.limit('return'))
    .get('/return/:session_id', handle)
    .post('/return/:session_id', handle)
}
