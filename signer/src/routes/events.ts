import { Hono } from 'hono'
import type { Core } from '../domain/context.js'
import { listEvents, resendEvent } from '../domain/event-list.js'
import { eventDeliveryJson, listJson } from '../domain/serialize-lists.js'
import { parseWith, queryParams } from '../http/validate.js'
import { merchantAuth } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'
import { eventIdParam, eventListQuery } from './list-schemas.js'

/** `GET /v1/events` and `POST /v1/events/{id}/resend` (docs/api.md). Merchant only. */
export function eventRoutes(deps: AppDeps, core: Core): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', merchantAuth({ apiKey: deps.config.apiKey }))
  app.get('/', async (c) => {
    const q = queryParams(c, eventListQuery)
    const page = await listEvents(core.db, {
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.session_id ? { sessionId: q.session_id } : {}),
      ...(q.type ? { type: q.type } : {}),
      ...(q.delivery ? { delivery: q.delivery } : {}),
    })
    return c.json(listJson(page, eventDeliveryJson))
  })
  app.post('/:id/resend', async (c) => {
    const id = parseWith(eventIdParam, c.req.param('id'), 'id')
    return c.json(eventDeliveryJson(await resendEvent(core, id)))
  })
  return app
}
