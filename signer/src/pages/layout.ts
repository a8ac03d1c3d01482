import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { PAGE_ASSETS, styleHash } from './assets.js'
import { PAGE_LANGS, type PageLang } from './lang.js'
import { TEXTS } from './texts.js'

/** The merchant's branding (MERCHANT_NAME, MERCHANT_LOGO_URL, MERCHANT_BRAND_COLOR). */
export interface Branding {
  name: string
  logoUrl?: string | undefined
  color: string
}

export const DEFAULT_BRAND_COLOR = '#0b6e4f'

export interface PageShell {
  lang: PageLang
  title: string
  brand: Branding
  /** The page's path, for the language switcher (`?lang=` is added). */
  path: string
  /** The widget's entry and its SRI hash, when the page pays. */
  widget?: { src: string; integrity: string } | undefined
  /** Allow `connect-src https://google.com/pay` (Google Pay enabled: widget/README.md). */
  googlePay?: boolean
  /** Reload after this many seconds (a page waiting for a payment's final answer). */
  refreshSeconds?: number
  body: HtmlEscapedString | Promise<HtmlEscapedString>
}

/**
 * One strict policy for every hosted page: scripts and styles from this origin only (the brand
 * colour is the one inline style, allowed by its hash), images from here and the logo's origin,
 * forms posting back here only, no framing.
 */
function policy(shell: PageShell, brandStyle: string): string {
  const logo = shell.brand.logoUrl ? ` ${new URL(shell.brand.logoUrl).origin}` : ''
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' ${styleHash(brandStyle)}`,
    `img-src 'self' data:${logo}`,
    `connect-src 'self'${shell.googlePay ? ' https://google.com/pay' : ''}`,
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export async function renderPage(shell: PageShell): Promise<{ html: string; csp: string }> {
  const brandStyle = `:root{--brand:${shell.brand.color}}`
  const switcher = PAGE_LANGS.map(
    (lang) =>
      html`<a href="${shell.path}${shell.path.includes('?') ? '&' : '?'}lang=${lang}" lang="${lang}" hreflang="${lang}"${raw(
        lang === shell.lang ? ' aria-current="true"' : '',
      )}>${TEXTS[lang].languageName}</a>`,
  )
  const page = await html`<!doctype html>
<html lang="${shell.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
${shell.refreshSeconds ? html`<meta http-equiv="refresh" content="${shell.refreshSeconds}">` : ''}
<title>${shell.title}</title>
<link rel="stylesheet" href="${PAGE_ASSETS.css.path}">
<style>${raw(brandStyle)}</style>
${
  shell.widget
    ? html`<script type="module" src="${PAGE_ASSETS.js.path}"></script>
<script type="module" src="${shell.widget.src}" integrity="${shell.widget.integrity}" crossorigin="anonymous"></script>`
    : ''
}
</head><body>
<header class="brand">${
    shell.brand.logoUrl ? html`<img src="${shell.brand.logoUrl}" alt="">` : ''
  }<span>${shell.brand.name}</span></header>
<main>${shell.body}
<nav class="langs" aria-label="Language">${switcher}</nav></main>
</body></html>`
  return { html: page.toString(), csp: policy(shell, brandStyle) }
}
