import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { merchantOrder } from './merchant-order.mjs'
import { CartError, priceCart } from './products.mjs'
import { securityHeaders } from './security-headers.mjs'
import { SignerApiError } from './signer-api.mjs'

/**
 * The demo shop as one Hono app: its pages, their static files, the built widget, and the small
 * merchant backend a real shop would have (checkout, orders, refunds, webhooks). The backend holds
 * the signer's API key and webhook secret; no answer to the browser ever contains either.
 */

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url))
const PAGES_DIR = fileURLToPath(new URL('../pages/', import.meta.url))
const WIDGET_DIR = fileURLToPath(new URL('../../widget/dist/', import.meta.url))
const PAGES = {
  '/': 'index.html',
  '/success': 'success.html',
  '/cancel': 'cancel.html',
  '/merchant': 'merchant.html',
}

/**
 * @param {{
 *   signerUrl: string,
 *   signerPort: number,
 *   demoUrl: string,
 *   consoleUrl?: string,
 *   products: import('./products.mjs').Product[],
 *   signer: ReturnType<typeof import('./signer-api.mjs').createSignerApi>,
 *   orders: ReturnType<typeof import('./orders.mjs').createOrderBook>,
 *   verifyWebhook: (rawBody: string, signatureHeader: string | undefined) => Promise<any>,
 *   widgetDir?: string,
 *   publicDir?: string,
 *   pagesDir?: string,
 * }} deps
 */
export function createDemoApp(deps) {
  const { signer, orders, products } = deps
  const widgetDir = deps.widgetDir ?? WIDGET_DIR
  const publicDir = deps.publicDir ?? PUBLIC_DIR
  const pagesDir = deps.pagesDir ?? PAGES_DIR
  const app = new Hono()
  const pageOrigins = new Set([
    deps.demoUrl,
    deps.demoUrl.replace('127.0.0.1', 'localhost'),
    `http://127.0.0.1:${new URL(deps.demoUrl).port}`,
  ])

  app.use('*', securityHeaders(deps.signerPort, new URL(deps.signerUrl).origin))
  app.use('/api/*', bodyLimit({ maxSize: 16 * 1024 }))

  /** The shop's own origin as the shopper sees it (127.0.0.1 or localhost), for return addresses. */
  const originOf = (c) => {
    const origin = `http://${c.req.header('host') ?? ''}`
    return pageOrigins.has(origin) ? origin : deps.demoUrl
  }

  // The "Merchant view" is the signer's merchant console, opened as its sandbox demo owner
  // (signed in without a passkey; the console offers that in sandbox mode only).
  app.get('/console', (c) =>
    deps.consoleUrl ? c.redirect(`${deps.consoleUrl}/?demo`, 302) : c.notFound(),
  )

  // Pages are plain HTML files with the signer's address filled in: the catalog-style button is a
  // tag written straight into the page, as a merchant without a backend would write it.
  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, (c) => {
      const html = readFileSync(join(pagesDir, file), 'utf8')
        .replace('{{HEAD}}\n', readFileSync(join(pagesDir, '_head.html'), 'utf8'))
        .replace('{{HEADER}}', readFileSync(join(pagesDir, '_header.html'), 'utf8'))
        .replace('{{FOOTER}}', readFileSync(join(pagesDir, '_footer.html'), 'utf8'))
        .replace('{{DEV_PANELS}}\n', readFileSync(join(pagesDir, '_dev-panels.html'), 'utf8'))
        .replaceAll('{{SIGNER_URL}}', deps.signerUrl)
      c.header('Cache-Control', 'no-store')
      return c.html(html)
    })
  }

  // The widget's script-tag build: `eftpay-button.js` and the pieces it loads on demand next to it
  // (e.g. `eftpay-button.qr.js`), straight from widget/dist so a rebuild shows on reload.
  app.get('/widget/:file{eftpay-button[A-Za-z0-9._-]*\\.js}', (c) => {
    const file = join(widgetDir, c.req.param('file'))
    if (!existsSync(file)) {
      return c.text(
        '// The widget is not built yet: run `pnpm --filter @eftpay/button build`.\n',
        404,
        {
          'content-type': 'text/javascript',
        },
      )
    }
    return c.body(readFileSync(file), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    })
  })
  app.use(
    '/assets/*',
    serveStatic({ root: publicDir, rewriteRequestPath: (p) => p.replace(/^\/assets/, '') }),
  )
  app.get('/favicon.ico', (c) => c.redirect('/assets/img/logo.svg', 301))

  app.get('/api/products', (c) => c.json({ products }))

  // Session style: the browser sends skus and quantities, this backend prices them and creates
  // the session with the API key: the browser never decides the amount (README.md, step 2).
  app.post('/api/checkout', async (c) => {
    const input = await c.req.json().catch(() => undefined)
    let priced
    try {
      priced = priceCart(products, input?.lines)
    } catch (err) {
      if (err instanceof CartError) return c.json({ error: { message: err.message } }, 400)
      throw err
    }
    const origin = originOf(c)
    const session = await signer.createSession({
      amount: priced.amount,
      currency: 'HKD',
      subject: 'Lok Wah Tea House order',
      body: priced.body,
      reference: orderReference(),
      success_url: `${origin}/success`,
      cancel_url: `${origin}/cancel`,
    })
    orders.add({
      id: session.id,
      source: 'session',
      created_at: new Date().toISOString(),
      lines: input.lines,
    })
    return c.json(
      {
        session_id: session.id,
        client_secret: session.client_secret,
        amount: session.amount,
        currency: session.currency,
      },
      201,
    )
  })

  // The merchant view: every session this shop knows of, refreshed from the signer.
  app.get('/api/orders', async (c) => {
    const refs = orders.list().slice(0, 50)
    const list = await Promise.all(
      refs.map(async (ref) => {
        try {
          return merchantOrder(ref, await freshSession(ref.id))
        } catch (err) {
          return {
            id: ref.id,
            source: ref.source,
            created_at: ref.created_at,
            status: 'unknown',
            error: errorMessage(err),
          }
        }
      }),
    )
    return c.json({ orders: list, events: orders.events().slice(0, 20) })
  })

  // What the success and cancel pages show: the final state of one session, without secrets.
  app.get('/api/orders/:id', async (c) => {
    const session = await freshSession(c.req.param('id'))
    return c.json(
      merchantOrder(
        {
          id: session.id,
          source: orders.has(session.id) ? 'session' : 'catalog',
          created_at: session.created_at,
        },
        session,
      ),
    )
  })

  app.post('/api/orders/:id/refund', async (c) => {
    const input = await c.req.json().catch(() => ({}))
    const refund = await signer.createRefund({
      session_id: c.req.param('id'),
      ...(typeof input?.amount === 'string' ? { amount: input.amount } : {}),
      reason: 'Refund from the merchant view',
    })
    return c.json({ refund }, 201)
  })

  // The last signed requests the signer sent to the sandbox gateway and what came back. The
  // sandbox already leaves the secret out; the page only ever gets what it returns.
  app.get('/api/gateway-log', async (c) => {
    const limit = Math.min(Math.max(Number.parseInt(c.req.query('limit') ?? '5', 10) || 5, 1), 20)
    try {
      const { exchanges } = await signer.exchanges(limit)
      return c.json({ exchanges: Array.isArray(exchanges) ? exchanges : [] })
    } catch (err) {
      return c.json({ exchanges: [], unavailable: errorMessage(err) })
    }
  })

  // Merchant webhooks: verified with the signer package's own function before anything is read.
  app.post('/webhooks/eftpay', async (c) => {
    const raw = await c.req.text()
    let event
    try {
      event = await deps.verifyWebhook(raw, c.req.header('eftpay-signature'))
    } catch {
      return c.json({ error: { message: 'signature check failed' } }, 400)
    }
    const session = event?.data?.session
    if (session?.id && !orders.has(session.id)) {
      orders.add({
        id: session.id,
        source: 'catalog',
        created_at: session.created_at ?? new Date().toISOString(),
      })
    }
    orders.recordEvent({
      id: event.id,
      type: event.type,
      session_id: session?.id,
      received_at: new Date().toISOString(),
    })
    return c.json({ received: true })
  })

  /**
   * A session with its refunds brought up to date: a refund's result is only known once the
   * gateway is asked (`GET /v1/refunds/:id` makes the signer ask), so a pending one is asked about
   * before the merchant sees the list.
   */
  async function freshSession(id) {
    const session = await signer.getSession(id)
    const pending = (session.refunds ?? []).filter((r) => r.status === 'pending')
    if (pending.length === 0) return session
    await Promise.allSettled(pending.map((r) => signer.getRefund(r.id)))
    return signer.getSession(id)
  }

  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: { message: 'not found' } }, 404)
      : c.text('Not found', 404),
  )
  app.onError((err, c) => {
    if (err instanceof SignerApiError) {
      const status = err.status >= 400 && err.status < 600 ? err.status : 502
      return c.json(
        {
          error: {
            message: err.error.message ?? err.message,
            code: err.error.code,
            param: err.error.param,
          },
        },
        status,
      )
    }
    return c.json({ error: { message: 'the demo server failed; see its log' } }, 500)
  })
  return app
}

/** A merchant-style order number: LW-yymmdd-XXXX. */
function orderReference() {
  const d = new Date()
  const ymd = `${d.getUTCFullYear() % 100}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
  return `LW-${ymd}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`
}

function errorMessage(err) {
  return err instanceof Error ? err.message : String(err)
}
