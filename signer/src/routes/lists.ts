import { Hono } from 'hono'
import type { Core } from '../domain/context.js'
import { listPayments, listRefunds, listSessions } from '../domain/listing.js'
import { paymentJson, refundJson, sessionJson } from '../domain/serialize.js'
import { listJson } from '../domain/serialize-lists.js'
import { expireSession } from '../domain/session-expiry.js'
import { parseWith, queryParams } from '../http/validate.js'
import { merchantAuth } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'
import { listQuery, paymentListQuery, refundListQuery, sessionListQuery } from './list-schemas.js'
import { paymentId, sessionId } from './schemas.js'

/**
 * `GET /v1/sessions`, `GET /v1/payments`, `GET /v1/refunds` (docs/api.md "Lists and cursors"):
 * validate, call domain/listing.ts, shape; and `POST /v1/sessions/{id}/expire`,
 * `POST /v1/payments/{id}/refresh`. Merchant only. The API key is checked per route, not
 * with `use('*')`: these sub-apps share their path prefixes with the browser's endpoints.
 */

export function sessionListRoutes(deps: AppDeps, core: Core): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', merchantAuth({ apiKey: deps.config.apiKey }), async (c) => {
    const q = queryParams(c, sessionListQuery)
    const page = await listSessions(core.db, {
      ...listQuery(q),
      ...(q.status ? { status: q.status } : {}),
      ...(q.wallet ? { wallet: q.wallet } : {}),
    })
    return c.json(listJson(page, sessionJson))
  })
  app.post('/:id/expire', merchantAuth({ apiKey: deps.config.apiKey }), async (c) => {
    const id = parseWith(sessionId, c.req.param('id'), 'id')
    return c.json(sessionJson(await expireSession(core, id)))
  })
  return app
}

export function paymentListRoutes(deps: AppDeps, core: Core): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', merchantAuth({ apiKey: deps.config.apiKey }), async (c) => {
    const q = queryParams(c, paymentListQuery)
    const page = await listPayments(core.db, {
      ...listQuery(q),
      ...(q.status ? { status: q.status } : {}),
      ...(q.wallet ? { wallet: q.wallet } : {}),
    })
    return c.json(listJson(page, paymentJson))
  })
  // Ask eftPay again now (the query path the reconciler and the widget use), for a person.
  app.post('/:id/refresh', merchantAuth({ apiKey: deps.config.apiKey }), async (c) => {
    const id = parseWith(paymentId, c.req.param('id'), 'id')
    return c.json(paymentJson(await deps.service.refreshPayment(id)))
  })
  return app
}

export function refundListRoutes(deps: AppDeps, core: Core): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/', merchantAuth({ apiKey: deps.config.apiKey }), async (c) => {
    const q = queryParams(c, refundListQuery)
    const page = await listRefunds(core.db, {
      ...listQuery(q),
      ...(q.status ? { status: q.status } : {}),
    })
    return c.json(listJson(page, refundJson))
  })
  return app
}
