import { Hono } from 'hono'
import { eventListQuery } from '../../contract/list-requests.js'
import type { Core } from '../../domain/context.js'
import { type EventDelivery, listEvents, resendEvent } from '../../domain/event-list.js'
import { eventDeliveryJson, listJson } from '../../domain/serialize-lists.js'
import { parseWith, queryParams } from '../../http/validate.js'
import { auditRequest } from '../audit-request.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { eventIdParams } from '../screen-schemas.js'

/**
 * Webhooks: deliveries with status, response code, attempts and next retry (`GET /v1/events`'s
 * domain/event-list.ts), resending one (audited), and the endpoint's health at a glance from the
 * newest deliveries. The endpoint is shown by origin only: its path may carry a token.
 */

/** How many of the newest events the health summary looks at. */
const HEALTH_WINDOW = 100

export function endpointHealth(endpoint: string | undefined, recent: EventDelivery[]) {
  const count = (d: EventDelivery['delivery']) => recent.filter((e) => e.delivery === d).length
  const lastDelivered = recent.find((e) => e.deliveredAt)?.deliveredAt
  const lastFailing = recent.find((e) => e.delivery === 'failing')
  return {
    endpoint: endpoint ? new URL(endpoint).origin : null,
    window: recent.length,
    delivered: count('delivered'),
    failing: count('failing'),
    pending: count('pending'),
    no_endpoint: count('no_endpoint'),
    last_delivered_at: lastDelivered?.toISOString() ?? null,
    last_failure_code: lastFailing?.lastResponseCode ?? null,
    healthy: Boolean(endpoint) && count('failing') === 0,
  }
}

export function webhookRoutes(ctx: ConsoleContext, core: Core): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()

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

  app.get('/health', async (c) => {
    const recent = await listEvents(core.db, { limit: HEALTH_WINDOW })
    return c.json(endpointHealth(ctx.config.webhook?.url, recent.data))
  })

  app.post('/:id/resend', async (c) => {
    const { id } = parseWith(eventIdParams, { id: c.req.param('id') })
    const event = await resendEvent(core, id)
    await auditRequest(ctx, c, 'webhook.resent', { event_id: id, type: event.type })
    return c.json(eventDeliveryJson(event))
  })

  return app
}
