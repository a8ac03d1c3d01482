import { Hono } from 'hono'
import { refundBody } from '../contract/requests.js'
import { refundJson } from '../domain/serialize.js'
import { NotFoundError } from '../errors.js'
import { jsonBody } from '../http/validate.js'
import { merchantAuth } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'

/** Refunds from the merchant's backend (API key): full or partial, and their status. */
export function refundRoutes(deps: AppDeps): Hono<AppEnv> {
  const { service } = deps
  const app = new Hono<AppEnv>()
  app.use('*', merchantAuth({ apiKey: deps.config.apiKey }))

  app.post('/', async (c) => {
    const body = await jsonBody(c, refundBody)
    const refund = await service.createRefund({
      ...(body.payment_id ? { paymentId: body.payment_id } : {}),
      ...(body.session_id ? { sessionId: body.session_id } : {}),
      ...(body.amount ? { amount: body.amount } : {}),
      ...(body.reason ? { reason: body.reason } : {}),
    })
    return c.json(refundJson(refund), 201)
  })

  app.get('/:id', async (c) => {
    const refund = await service.getRefund(c.req.param('id'))
    if (!refund)
      throw new NotFoundError({
        code: 'refund_not_found',
        param: 'id',
        message: 'There is no refund with this id. Check the id.',
      })
    return c.json(refundJson(refund))
  })

  return app
}
