import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { demoUrl, plainPort, signerUrl } from '../support/env.js'
import { getSession } from '../support/signer-api.js'

/**
 * The script-tag file on a plain HTML page (no framework, no demo code) served with a strict
 * Content-Security-Policy, against the real signer: the widget loads, creates its session from a
 * sku, and starts a payment, with no CSP violation. Also: the demo's own pages run under a strict
 * CSP with no violation.
 */

const WIDGET_DIST = fileURLToPath(new URL('../../widget/dist/', import.meta.url))

function strictCsp(): string {
  const signer = new URL(signerUrl())
  // https://google.com/pay: Google Pay's payment method manifest, which Chrome fetches when the
  // widget asks `canMakePayment()` (the signer enables Google Pay; widget/README.md).
  return `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${signer.origin} https://google.com/pay; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
}

let server: Server

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    res.setHeader('Content-Security-Policy', strictCsp())
    if (path === '/') {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Plain page</title>
<script type="module" src="/eftpay-button.js"></script></head>
<body><main><h1>A plain page</h1>
<eftpay-button signer="${signerUrl()}" sku="egg-tart" quantity="3"></eftpay-button></main></body></html>`)
      return
    }
    const file = /^\/(eftpay-button[A-Za-z0-9._-]*\.js)$/.exec(path)?.[1]
    try {
      if (!file) throw new Error('not found')
      const body = readFileSync(`${WIDGET_DIST}${file}`)
      res.setHeader('content-type', 'text/javascript; charset=utf-8')
      res.end(body)
    } catch {
      res.statusCode = 404
      res.end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(plainPort(), '127.0.0.1', resolve))
})

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

/** Collects CSP violations the page reports, from the first script on. */
async function watchCsp(page: import('@playwright/test').Page): Promise<() => Promise<string[]>> {
  const fromConsole: string[] = []
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) fromConsole.push(msg.text())
  })
  await page.addInitScript(() => {
    const list: string[] = []
    ;(window as unknown as { __csp: string[] }).__csp = list
    document.addEventListener('securitypolicyviolation', (e) =>
      list.push(`${e.violatedDirective} ${e.blockedURI}`),
    )
  })
  return async () => [
    ...fromConsole,
    ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)),
  ]
}

test('the script tag on a plain page with a strict CSP: loads, prices the sku, starts a payment', async ({
  page,
}) => {
  const violations = await watchCsp(page)
  const created = page.waitForResponse(
    (res) => res.url() === `${signerUrl()}/v1/sessions` && res.request().method() === 'POST',
  )
  await page.goto(`http://127.0.0.1:${plainPort()}/`)
  const session = (await (await created).json()) as { id: string; amount: string }
  expect(session.amount).toBe('36.00') // 3 x 12.00 from the signer's catalog, not from the page

  await page.locator('eftpay-button [part="wallet"][data-wallet="ALIPAYHK"]').click()
  await expect(page.locator('eftpay-button [part="qr"]')).toBeVisible() // a desktop: QR code
  expect((await getSession(session.id)).payments).toHaveLength(1)
  expect(await violations()).toEqual([])
})

for (const path of ['/', '/merchant', '/cancel?session_id=cs_unknown']) {
  test(`the demo page ${path} runs under its strict CSP without a violation`, async ({ page }) => {
    const violations = await watchCsp(page)
    const res = await page.goto(`${demoUrl()}${path}`)
    const csp = res?.headers()['content-security-policy'] ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    if (path === '/') {
      await expect(page.locator('#set-button [part="wallet"]').first()).toBeVisible()
      // The live panel heard the widget's first event (the page's listeners are there before it).
      await expect(page.locator('#event-log li.log-ready')).toHaveCount(1)
    } else await expect(page.locator('h1')).toBeVisible()
    await page.waitForLoadState('networkidle')
    expect(await violations()).toEqual([])
  })
}
