import type { Context } from 'hono'
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { Config } from '../config/index.js'
import { PAGE_ASSETS } from '../pages/assets.js'
import { pickPageLang } from '../pages/lang.js'
import { type Branding, DEFAULT_BRAND_COLOR, renderPage } from '../pages/layout.js'
import { orderSummary } from '../pages/order.js'
import { TEXTS } from '../pages/texts.js'
import type { AppDeps, AppEnv } from './deps.js'
import type { WidgetAssets } from './widget-assets.js'

/**
 * The hosted checkout (docs/api.md "Hosted checkout"): `GET /pay/<session id>` renders the
 * merchant's branding, the order and the widget under a strict policy. The client secret is not in
 * the path: it travels in the URL's fragment, which browsers never send (pages/assets.ts).
 */

export function branding(config: Config): Branding {
  return {
    name: config.merchantName,
    logoUrl: config.merchantLogoUrl,
    color: config.merchantBrandColor ?? DEFAULT_BRAND_COLOR,
  }
}

/** The widget's entry at its immutable path, with its SRI hash; undefined without a build. */
export function widgetEntry(assets: WidgetAssets | null) {
  const entry = assets?.files.get('eftpay-button.js')
  if (!assets || !entry) return undefined
  return { src: `/widget/${assets.contentHash}/eftpay-button.js`, integrity: entry.integrity }
}

/** Sends a rendered page with its policy. */
export async function sendPage(
  c: Context<AppEnv>,
  page: Promise<{ html: string; csp: string }>,
  status: 200 | 400 | 404 | 409 | 410 = 200,
) {
  const { html: body, csp } = await page
  c.header('Content-Security-Policy', csp)
  c.header('Vary', 'Accept-Language')
  return c.html(body, status)
}

export const pageLang = (c: Context<AppEnv>) =>
  pickPageLang(c.req.query('lang'), c.req.header('accept-language'))

export function hostedPageRoutes(deps: AppDeps, assets: WidgetAssets | null): Hono<AppEnv> {
  const { config, service } = deps
  const app = new Hono<AppEnv>()

  for (const asset of Object.values(PAGE_ASSETS)) {
    app.get(asset.path, (c) =>
      c.body(asset.body, 200, {
        'Content-Type': `${asset.type}; charset=utf-8`,
        // Named by their content (assets.ts): a path never holds two versions.
        'Cache-Control': 'public, max-age=31536000, immutable',
      }),
    )
  }

  app.get('/pay/:id', async (c) => {
    const lang = pageLang(c)
    const t = TEXTS[lang]
    const id = c.req.param('id')
    const found = /^cs_[0-9A-Za-z_-]{1,80}$/.test(id) ? await service.findSession(id) : undefined
    const brand = branding(config)
    const shell = { lang, brand, path: `/pay/${id}`, googlePay: config.googlePay.enabled }
    if (!found) {
      const body = html`<h1>${t.payTitle(brand.name)}</h1><p class="notice">${t.linkNotFound}</p>`
      return sendPage(c, renderPage({ ...shell, title: brand.name, body }), 404)
    }
    const body = html`<h1>${t.payTitle(brand.name)}</h1>
${orderSummary(found, t)}
<p id="no-secret" class="notice" hidden>${t.missingSecret}</p>
<eftpay-button data-hosted="${found.id}" signer="${config.publicUrl}" lang="${lang}"></eftpay-button>`
    return sendPage(
      c,
      renderPage({ ...shell, title: t.payTitle(brand.name), widget: widgetEntry(assets), body }),
    )
  })
  return app
}

/** The hosted page's address: the client secret in the fragment, never sent to a server. */
export const hostedUrl = (
  publicUrl: string,
  session: { id: string; clientSecret: string },
  lang?: string,
) => `${publicUrl}/pay/${session.id}${lang ? `?lang=${lang}` : ''}#${session.clientSecret}`
