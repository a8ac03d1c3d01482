import { Hono } from 'hono'
import { presetOf } from '../gateway/settings.js'
import type { AppDeps, AppEnv } from './deps.js'
import { readGatewayPayload } from './gateway-payload.js'

/**
 * `POST /v1/gateway/notify`, the `notify_url` given to eftPay (docs/protocol.md). The service
 * verifies, stores before acknowledging, and applies once; this route only reads the body (JSON
 * per the docs, form-encoded accepted too) and answers the signed acknowledgement it is given. A
 * body that cannot be read is passed on as empty, so it is refused the same way as a forged one.
 * On OAPM (EFTPAY_PLATFORM=oapm) the acknowledgement is the text `success` instead, and a refusal
 * the text `fail`: OAPM retries anything but `success` (docs/protocol.md, "OAPM").
 */
export function notifyRoutes(deps: AppDeps): Hono<AppEnv> {
  const textAck = presetOf(deps.config.protocol).notifyAck === 'text'
  return new Hono<AppEnv>().post('/notify', async (c) => {
    const outcome = await deps.service.handleNotification(await readGatewayPayload(c.req.raw))
    if (outcome.status !== 200)
      c.get('log').warn({ status: outcome.status }, 'gateway notification refused')
    if (textAck) return c.text(outcome.status === 200 ? 'success' : 'fail', outcome.status)
    return c.json(outcome.ack, outcome.status)
  })
}
