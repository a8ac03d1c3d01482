import { type Context, Hono } from 'hono'
import { html } from 'hono/html'
import type { Catalog } from '../catalog/catalog.js'
import type { LinksService } from '../domain/links.js'
import {
  LinkChoiceError,
  type LinkUnavailable,
  LinkUnavailableError,
} from '../domain/links-checkout.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import { renderPage } from '../pages/layout.js'
import { choiceMessage, linkForm } from '../pages/link-page.js'
import { TEXTS } from '../pages/texts.js'
import type { LinkRecord } from '../store/links.js'
import type { AppDeps, AppEnv } from './deps.js'
import { branding, hostedUrl, pageLang, sendPage } from './hosted-pages.js'

/**
 * A payment link's public pages (docs/api.md "Payment links"). `GET /l/<id>` only shows the page:
 * a chat app's link preview creates nothing. `POST /l/<id>` is the shopper choosing to pay: the
 * signer validates the choice, takes a place under the limit and creates the session, then sends
 * the shopper to its hosted checkout. `GET /l/<id>/done` is where a paid link's message is shown.
 */

const STATUS: Record<LinkUnavailable, 409 | 410> = { inactive: 410, expired: 410, sold_out: 409 }

export function linkPageRoutes(
  deps: AppDeps,
  links: LinksService,
  catalog: Catalog,
  browser: BrowserGuards,
): Hono<AppEnv> {
  const { config, service } = deps
  const app = new Hono<AppEnv>()
  const brand = branding(config)

  const shell = (c: Context<AppEnv>, path: string) => {
    const lang = pageLang(c)
    return { lang, t: TEXTS[lang], shell: { lang, brand, path, title: brand.name } }
  }
  const notice = (c: Context<AppEnv>, id: string, text: string, status: 404 | 409 | 410) => {
    const { shell: s } = shell(c, `/l/${id}`)
    const body = html`<h1>${brand.name}</h1><p class="notice" role="status">${text}</p>`
    return sendPage(c, renderPage({ ...s, body }), status)
  }
  const unavailable = (c: Context<AppEnv>, link: LinkRecord, reason: LinkUnavailable) => {
    const { t } = shell(c, '')
    const text = { inactive: t.linkInactive, expired: t.linkExpired, sold_out: t.linkSoldOut }
    return notice(c, link.id, text[reason], STATUS[reason])
  }
  const find = async (id: string) => (/^pl_[0-9a-f]{16}$/.test(id) ? links.find(id) : undefined)

  app.get('/l/:id', async (c) => {
    const id = c.req.param('id')
    const link = await find(id)
    const { t, shell: s } = shell(c, `/l/${id}`)
    if (!link) return notice(c, id, t.linkNotFound, 404)
    const reason = await links.unavailable(link)
    if (reason) return unavailable(c, link, reason)
    const action = `/l/${link.id}?lang=${s.lang}`
    return sendPage(c, renderPage({ ...s, body: linkForm(link, catalog, t, action) }))
  })

  app.post('/l/:id', browser.limit('links'), async (c) => {
    const id = c.req.param('id')
    const link = await find(id)
    const { t, lang, shell: s } = shell(c, `/l/${id}`)
    if (!link) return notice(c, id, t.linkNotFound, 404)
    const form = await c.req.parseBody()
    const field = (name: string) => (typeof form[name] === 'string' ? form[name] : undefined)
    const quantities = new Map<number, string>()
    for (const [i] of (link.lineItems ?? []).entries()) {
      const q = field(`quantity_${i}`)
      if (q !== undefined) quantities.set(i, q)
    }
    try {
      const session = await links.checkout(link.id, { quantities, amount: field('amount') })
      if (!session) return notice(c, id, t.linkNotFound, 404)
      return c.redirect(hostedUrl(config.publicUrl, session, lang), 303)
    } catch (error) {
      if (error instanceof LinkUnavailableError) return unavailable(c, link, error.reason)
      if (!(error instanceof LinkChoiceError)) throw error
      const refusal = { param: error.param, message: choiceMessage(t, error) }
      const body = linkForm(link, catalog, t, `/l/${link.id}?lang=${lang}`, refusal)
      return sendPage(c, renderPage({ ...s, body }), 400)
    }
  })

  app.get('/l/:id/done', async (c) => {
    const id = c.req.param('id')
    const link = await find(id)
    const { t, shell: s } = shell(c, `/l/${id}/done`)
    const sessionId = c.req.query('session_id') ?? ''
    const session = link ? await service.findSession(sessionId) : undefined
    if (!link || session?.linkId !== link.id) return notice(c, id, t.linkNotFound, 404)
    const paid = ['paid', 'partially_refunded', 'refunded'].includes(session.status)
    const message = link.afterPayment.type === 'message' ? link.afterPayment.message : ''
    const body = paid
      ? html`<h1>${t.thanks}</h1>${message ? html`<p class="notice">${message}</p>` : ''}`
      : session.status === 'open'
        ? html`<h1>${t.waiting}</h1>`
        : html`<h1>${t.notPaid}</h1>`
    // While open, the page asks again by itself (no script: the policy allows none inline).
    return sendPage(
      c,
      renderPage({
        ...s,
        path: `/l/${id}/done?session_id=${encodeURIComponent(sessionId)}`,
        ...(session.status === 'open' ? { refreshSeconds: 3 } : {}),
        body,
      }),
    )
  })
  return app
}
