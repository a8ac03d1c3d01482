import { createServer, type Server } from 'node:http'
import { expect, type Page, test } from '@playwright/test'
import { plainPort, signerUrl } from '../support/env.js'
import { startupSnippet } from '../support/startup-snippet.js'

/**
 * Subresource Integrity past the entry file (widget/README.md "Subresource Integrity"): the tag the
 * signer prints pins eftpay-button.js, and that file pins every file it loads later (the language,
 * QR code, Apple Pay and Google Pay chunks). Here a file is altered between the signer and the
 * browser (Playwright answers the request with the signer's body plus one statement): Chromium must
 * refuse it, so the altered code never runs, and the widget carries on without that file.
 */

let server: Server

test.beforeAll(async () => {
  const snippet = startupSnippet()
  const csp = `default-src 'none'; ${snippet.csp}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  server = createServer((_req, res) => {
    res.setHeader('Content-Security-Policy', csp)
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(`<!doctype html><html lang="zh-HK"><head><meta charset="utf-8"><title>商店</title>
${snippet.scriptTag}</head>
<body><main><eftpay-button signer="${signerUrl()}" sku="egg-tart" quantity="1"></eftpay-button></main></body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(plainPort(), '127.0.0.1', resolve))
})

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

/**
 * Serves `file` (a widget file name) with one statement added that marks the page when it runs;
 * returns the console's integrity errors and how often the file was asked for.
 */
async function tamper(page: Page, file: string): Promise<{ refused: string[]; requests: number }> {
  const seen = { refused: [] as string[], requests: 0 }
  page.on('console', (msg) => {
    if (msg.text().includes("valid digest in the 'integrity' attribute"))
      seen.refused.push(msg.text())
  })
  await page.route(
    (url) => url.pathname.startsWith('/widget/') && url.pathname.endsWith(`/${file}`),
    async (route) => {
      seen.requests += 1
      const response = await route.fetch()
      const body = `${await response.text()}\n;window.__tampered = ${JSON.stringify(file)}\n`
      await route.fulfill({ response, body })
    },
  )
  return seen
}

const tampered = (page: Page) =>
  page.evaluate(() => (window as unknown as { __tampered?: string }).__tampered ?? null)

const status = (page: Page) => page.locator('eftpay-button [part="status"]')

test('unaltered files load: the page is in Chinese and the QR code shows', async ({ page }) => {
  const seen = await tamper(page, 'no-such-file.js')
  await page.goto(`http://127.0.0.1:${plainPort()}/`)
  await expect(status(page)).toHaveText('選擇付款方式')
  await page.locator('eftpay-button [part="wallet"][data-wallet="ALIPAYHK"]').click()
  await expect(page.locator('eftpay-button [part="qr"]')).toBeVisible()
  expect(seen.refused).toEqual([])
})

for (const file of ['eftpay-button.zh-hk.js', 'eftpay-button.integrity.js']) {
  test(`an altered ${file} is refused: it never runs and the widget speaks English`, async ({
    page,
  }) => {
    const seen = await tamper(page, file)
    await page.goto(`http://127.0.0.1:${plainPort()}/`)
    await expect(status(page)).toHaveText('Choose how to pay')
    expect(seen.requests).toBeGreaterThan(0)
    expect(seen.refused.some((text) => text.includes(file))).toBe(true)
    expect(await tampered(page)).toBeNull()
    // Given up for this page, not asked for again at every render.
    const asked = seen.requests
    await page.waitForTimeout(1000)
    expect(seen.requests).toBe(asked)
  })
}

test('an altered QR chunk is refused: it never runs, and choosing a wallet shows a retry', async ({
  page,
}) => {
  const seen = await tamper(page, 'eftpay-button.qr.js')
  await page.goto(`http://127.0.0.1:${plainPort()}/`)
  await page.locator('eftpay-button [part="wallet"][data-wallet="ALIPAYHK"]').click()
  await expect(page.locator('eftpay-button [part="retry"]')).toBeVisible()
  await expect(page.locator('eftpay-button [part="qr"]')).toHaveCount(0)
  expect(seen.requests).toBeGreaterThan(0)
  expect(seen.refused.some((text) => text.includes('eftpay-button.qr.js'))).toBe(true)
  expect(await tampered(page)).toBeNull()
})
