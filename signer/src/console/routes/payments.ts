import { Hono } from 'hono'
import { sessionListQuery } from '../../contract/list-requests.js'
import type { Core } from '../../domain/context.js'
import { listQuery, listSessions } from '../../domain/listing.js'
import { paymentJson, sessionJson } from '../../domain/serialize.js'
import { listJson } from '../../domain/serialize-lists.js'
import type { SessionWithChildren } from '../../domain/types.js'
import { NotFoundError } from '../../errors.js'
import { parseWith, queryParams } from '../../http/validate.js'
import { auditRequest } from '../audit-request.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { paymentIdParam, sessionIdParam } from '../screen-schemas.js'
import { refundableOf, sessionTimeline } from '../timeline.js'

/**
 * The Payments screen: sessions with their payments and refunds, newest first, searched and
 * filtered as `GET /v1/sessions` does (domain/listing.ts); one session's detail with its timeline
 * (timeline.ts); "ask eftPay again" for one payment (audited). Everyone signed in may read.
 */

/** A session as the console shows it: the merchant's view without the browser's client secret. */
export function consoleSessionJson(s: SessionWithChildren) {
  const { client_secret: _secret, ...rest } = sessionJson(s)
  return rest
}

export function paymentRoutes(ctx: ConsoleContext, core: Core): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()

  app.get('/', async (c) => {
    const q = queryParams(c, sessionListQuery)
    const page = await listSessions(core.db, {
      ...listQuery(q),
      ...(q.status ? { status: q.status } : {}),
      ...(q.wallet ? { wallet: q.wallet } : {}),
    })
    return c.json(listJson(page, consoleSessionJson))
  })

  app.get('/:id', async (c) => {
    const { id } = parseWith(sessionIdParam, { id: c.req.param('id') })
    const found = await ctx.service.getSession(id)
    if (!found)
      throw new NotFoundError({
        code: 'session_not_found',
        param: 'id',
        message: `There is no session ${id}.`,
      })
    return c.json({
      session: consoleSessionJson(found),
      refundable: refundableOf(found),
      timeline: await sessionTimeline(core.db, found),
    })
  })

  // Ask eftPay again now: the same query as POST /v1/payments/{id}/refresh.
  app.post('/refresh/:id', async (c) => {
    const { id } = parseWith(paymentIdParam, { id: c.req.param('id') })
    const payment = await ctx.service.refreshPayment(id)
    await auditRequest(ctx, c, 'payment.refreshed', { payment_id: id, status: payment.status })
    return c.json(paymentJson(payment))
  })

  return app
}
