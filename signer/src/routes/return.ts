import { type Context, Hono } from 'hono'
import { NotFoundError } from '../errors.js'
import { verify } from '../gateway/verify.js'
import type { AppDeps, AppEnv } from './deps.js'
import { readPayload } from './notify.js'

const PAID = new Set(['paid', 'partially_refunded', 'refunded'])

/**
 * `GET|POST /v1/gateway/return/:session_id`, the `return_url` given to eftPay (PROTOCOL.md §7.2).
 * eftPay's return address cannot carry a query, so it points here and the signer forwards the
 * shopper (303) to the session's `success_url` or `cancel_url` with `session_id` added. The
 * payload is advisory: it only chooses the page; the service may use a verified one to query.
 */
export function returnRoutes(deps: AppDeps): Hono<AppEnv> {
  const secrets = [deps.config.secret, ...deps.config.previousSecrets]

  /**
   * Whether the payload is eftPay's own signed word that a payment of this session succeeded. Anyone
   * can type `?trade_status=TRADE_SUCCESS` into this URL, so an unsigned payload, or a signed one
   * from another session's order (a replayed return), never sends the shopper to the success page.
   */
  async function signedSuccess(
    sessionId: string,
    payload: Record<string, unknown>,
  ): Promise<boolean> {
    if (payload.trade_status !== 'TRADE_SUCCESS' || !verify(payload, secrets).ok) return false
    const found = await deps.service.getSession(sessionId)
    return found?.payments.some((p) => p.outTradeNo === payload.out_trade_no) ?? false
  }

  const handle = async (c: Context<AppEnv>) => {
    const sessionId = c.req.param('session_id') ?? ''
    // Spread, not Object.assign: a JSON body's own "__proto__" key must stay data, not a prototype.
    const payload: Record<string, unknown> = {
      ...c.req.query(),
      ...(c.req.method === 'POST' ? await readPayload(c.req.raw) : {}),
    }
    const session = await deps.service.handleReturn(sessionId, payload)
    if (!session) {
      throw new NotFoundError({
        code: 'session_not_found',
        param: 'session_id',
        message: 'This checkout session does not exist. Go back to the shop and try again.',
      })
    }
    // The session's state decides; a verified success whose notify/query has not landed yet may too.
    const success = PAID.has(session.status) || (await signedSuccess(session.id, payload))
    const target = new URL(success ? session.successUrl : session.cancelUrl)
    target.searchParams.set('session_id', session.id)
    return c.redirect(target.toString(), 303)
  }
  return new Hono<AppEnv>().get('/return/:session_id', handle).post('/return/:session_id', handle)
}
