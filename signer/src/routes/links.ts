import { Hono } from 'hono'
import { createLinkBody, updateLinkBody } from '../contract/links.js'
import type { LinksService } from '../domain/links.js'
import { NotFoundError } from '../errors.js'
import { parseWith, readJsonObject } from '../http/validate.js'
import { merchantAuth } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'

/**
 * The merchant's payment links API (docs/api.md "Payment links"), with the API key: create, list,
 * read, and update (deactivate, expiry, limit, what happens after payment). No delete: a link is
 * deactivated, so the sessions started from it keep pointing at something.
 */
export function linkRoutes(deps: AppDeps, links: LinksService): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', merchantAuth({ apiKey: deps.config.apiKey }))
  const missing = (id: string) =>
    new NotFoundError({
      code: 'link_not_found',
      param: 'id',
      message: `There is no payment link ${id.slice(0, 80)}. Check the id.`,
    })

  app.post('/', async (c) => {
    const body = parseWith(createLinkBody, await readJsonObject(c))
    return c.json(await links.create(body), 201)
  })
  app.get('/', async (c) => {
    const { data, hasMore } = await links.list()
    return c.json({ object: 'list', data, has_more: hasMore })
  })
  app.get('/:id', async (c) => {
    const id = c.req.param('id')
    const link = await links.get(id)
    if (!link) throw missing(id)
    return c.json(link)
  })
  app.post('/:id', async (c) => {
    const id = c.req.param('id')
    const body = parseWith(updateLinkBody, await readJsonObject(c))
    const link = await links.update(id, body)
    if (!link) throw missing(id)
    return c.json(link)
  })
  return app
}
