import { Hono } from 'hono'
import { refundJson } from '../../domain/serialize.js'
import { ApiError } from '../../errors.js'
import { jsonBody } from '../../http/validate.js'
import { normalizeAmount } from '../../money.js'
import { audit } from '../audit.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { authoriseRefund } from '../refund-authorisation.js'
import { consoleRefundBody } from '../schemas.js'

/**
 * A refund from the console: `authoriseRefund` (role, staff limit, fresh passkey check), then the
 * same money core as `POST /v1/refunds`. Refused and made refunds are both audited.
 */
export function refundRoutes(ctx: ConsoleContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()

  app.post('/', async (c) => {
    const body = await jsonBody(c, consoleRefundBody)
    const session = c.get('session')
    const amount = normalizeAmount(body.amount)
    const target = body.payment_id
      ? { payment_id: body.payment_id }
      : { session_id: body.session_id ?? '' }
    const ip = c.get('ip')
    try {
      await authoriseRefund(ctx, session, amount)
    } catch (error) {
      const code = error instanceof ApiError ? error.code : 'error'
      await audit(ctx.db, {
        user: session.user,
        action: 'refund.refused',
        detail: { ...target, amount, code },
        ip,
        at: ctx.now(),
      })
      throw error
    }
    const refund = await ctx.service.createRefund({
      ...(body.payment_id ? { paymentId: body.payment_id } : {}),
      ...(body.session_id ? { sessionId: body.session_id } : {}),
      amount,
      ...(body.reason ? { reason: body.reason } : {}),
    })
    await audit(ctx.db, {
      user: session.user,
      action: 'refund.created',
      detail: { ...target, amount, refund_id: refund.id, status: refund.status },
      ip,
      at: ctx.now(),
    })
    return c.json(refundJson(refund), 201)
  })

  return app
}
