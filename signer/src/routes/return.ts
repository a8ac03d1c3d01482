import { type Context, Hono } from 'hono'
import { NotFoundError } from '../errors.js'
import { type PlatformPreset, presetOf } from '../gateway/settings.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import type { Logger } from '../observability/logger.js'
import type { AppDeps, AppEnv } from './deps.js'
import { readGatewayPayload } from './gateway-payload.js'

/**
 * `GET|POST /v1/gateway/return/:session_id`, the `return_url` given to eftPay. Its return address
 * cannot carry a query, so it points here; the service decides where the shopper goes (the
 * session's `success_url` or `cancel_url`, with `session_id` added) and this route redirects (303).
 *
 * The signed payload comes as a form POST on VMP (the Synchronous return pages) and as query
 * parameters on OAPM (docs/protocol.md, "OAPM"). Both are read on both platforms: the payload is
 * advisory and verified, and ignoring one would send a shopper who paid to the cancel page until
 * the notification lands. The platform's own transport is read first when a return carries two.
 */
export function returnRoutes(deps: AppDeps, browser: BrowserGuards): Hono<AppEnv> {
  const preset = presetOf(deps.config.protocol)
  const handle = async (c: Context<AppEnv>) => {
    const body = c.req.method === 'POST' ? await readGatewayPayload(c.req.raw) : {}
    const payload = signedReturnPayload({ query: c.req.query(), form: body }, preset, c.get('log'))
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

type Transport = PlatformPreset['returnTransport']

/**
 * The one payload to verify: the platform's transport when it carries a `sign`, else the other's,
 * never fields of the two mixed (a mix verifies as neither). One that came the other way is
 * logged: it is evidence of what the platform really sends.
 */
export function signedReturnPayload(
  payloads: Record<Transport, Record<string, unknown>>,
  preset: Pick<PlatformPreset, 'name' | 'returnTransport'>,
  log?: Pick<Logger, 'info'>,
): Record<string, unknown> {
  const expected = preset.returnTransport
  const other: Transport = expected === 'form' ? 'query' : 'form'
  const signed = (payload: Record<string, unknown>) => typeof payload.sign === 'string'
  if (signed(payloads[expected]) || !signed(payloads[other])) return payloads[expected]
  log?.info(
    { platform: preset.name, transport: other },
    `browser return signed in the ${other === 'form' ? 'form body' : 'query parameters'}, not the ${expected === 'form' ? 'form body' : 'query parameters'} ${preset.name} uses`,
  )
  return payloads[other]
}
