import { Hono } from 'hono'
import { attentionQuery } from '../../contract/list-requests.js'
import { listNeedsAttentionPage } from '../../domain/attention-list.js'
import { resolveAttention } from '../../domain/attention-resolve.js'
import type { Core } from '../../domain/context.js'
import { attentionPageJson, attentionResolutionJson } from '../../domain/serialize-lists.js'
import { jsonBody, queryParams } from '../../http/validate.js'
import { auditRequest } from '../audit-request.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { consoleResolveBody } from '../screen-schemas.js'

/**
 * Needs attention: the payments and refunds the money-safety rules flagged (domain/attention.ts),
 * duplicate payments whose automatic refund failed among them, as `GET /v1/attention` pages them.
 * Resolving clears the flag with who (the signed-in user) and why; it never changes a money state
 * (domain/attention-resolve.ts). Asking eftPay again is the Payments route's `refresh`.
 */
export function attentionRoutes(ctx: ConsoleContext, core: Core): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()

  app.get('/', async (c) => {
    const q = queryParams(c, attentionQuery)
    const page = await listNeedsAttentionPage(core.db, {
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
    })
    return c.json(attentionPageJson(page))
  })

  app.post('/resolve', async (c) => {
    const body = await jsonBody(c, consoleResolveBody)
    const { user } = c.get('session')
    const resolved = await resolveAttention(core, {
      object: body.object,
      id: body.id,
      note: body.note,
      resolvedBy: `${user.name} (${user.id})`,
    })
    await auditRequest(ctx, c, 'attention.resolved', {
      object: body.object,
      id: body.id,
      note: body.note,
    })
    return c.json(attentionResolutionJson(resolved))
  })

  return app
}
