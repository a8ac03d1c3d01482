import { Hono } from 'hono'
import { attentionJson } from '../domain/serialize.js'
import { merchantAuth } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'

/**
 * `GET /v1/attention` (docs/api.md): the payments and refunds eftPay has given no final answer for
 * past NEEDS_ATTENTION_AFTER_HOURS (domain/attention.ts), for a person to check. Merchant only.
 */
export function attentionRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', merchantAuth({ apiKey: deps.config.apiKey }))
  app.get('/', async (c) => c.json(attentionJson(await deps.service.listNeedsAttention())))
  return app
}
