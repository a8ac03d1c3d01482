import type { Server } from 'node:http'
import { expect, test } from '@playwright/test'
import { demoUrl, plainPort, signerUrl } from '../support/env.js'
import { getSession } from '../support/signer-api.js'
import { serveStrictPage } from '../support/strict-page.js'

/**
 * The script-tag file on a plain HTML page (no framework, no demo code) served with a strict
 * Content-Security-Policy, against the real signer: the widget loads, creates its session from a
 * sku, and starts a payment, with no CSP violation. Also: the demo's own pages run under a strict
 * CSP with no violation.
 */

let server: Server

test.beforeAll(async () => {
  server = await serveStrictPage({ title: 'A plain page', quantity: 3 })
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
