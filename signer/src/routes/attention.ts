import { Hono } from 'hono'
import { listNeedsAttentionPage } from '../domain/attention-list.js'
import { resolveAttention } from '../domain/attention-resolve.js'
import { attentionPageJson, attentionResolutionJson } from '../domain/serialize-lists.js'
import { jsonBody, queryParams } from '../http/validate.js'
import { merchantAuth } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'
import { attentionQuery, resolveBody } from './list-schemas.js'

/**
 * `GET /v1/attention` (docs/api.md): the payments and refunds eftPay has given no final answer for
 * past NEEDS_ATTENTION_AFTER_HOURS (domain/attention.ts), for a person to check, page by page with
 * `limit` and `cursor` (domain/attention-list.ts); `POST /v1/attention/resolve` clears a flag a
 * person checked (domain/attention-resolve.ts). Merchant only.
 */
export function attentionRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', merchantAuth({ apiKey: deps.config.apiKey }))
  app.get('/', async (c) => {
    const q = queryParams(c, attentionQuery)
    const { core } = deps
    // Without the core (HTTP tests with a fake service) the service's first page, as before.
    if (!core) return c.json(attentionPageJson(await deps.service.listNeedsAttention()))
    const page = await listNeedsAttentionPage(core.db, {
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
    })
    return c.json(attentionPageJson(page))
  })
  app.post('/resolve', async (c) => {
    const { core } = deps
    if (!core) return c.notFound()
    const body = await jsonBody(c, resolveBody)
    const resolved = await resolveAttention(core, {
      object: body.object,
      id: body.id,
      note: body.note,
      resolvedBy: body.resolved_by ?? 'api_key',
    })
    return c.json(attentionResolutionJson(resolved))
  })
  return app
}
