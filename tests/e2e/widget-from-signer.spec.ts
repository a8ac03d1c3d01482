import { createServer, type Server } from 'node:http'
import { expect, test } from '@playwright/test'
import { plainPort, signerUrl } from '../support/env.js'
import { latestPayment } from '../support/signer-api.js'
import { startupSnippet } from '../support/startup-snippet.js'

/**
 * The script tag exactly as the signer prints it at startup (content path, SRI `integrity`),
 * on a plain page of another origin whose only CSP sources are the ones the signer prints too:
 * the widget and its lazy QR chunk load from the signer, the shopper pays, no CSP violation.
 */

let server: Server
let snippet: { scriptTag: string; csp: string }

test.beforeAll(async () => {
  snippet = startupSnippet()
  const csp = `default-src 'none'; ${snippet.csp}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`
  server = createServer((_req, res) => {
    res.setHeader('Content-Security-Policy', csp)
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storefront</title>
${snippet.scriptTag}</head>
<body><main><h1>A storefront on another origin</h1>
<eftpay-button signer="${signerUrl()}" sku="egg-tart" quantity="2"></eftpay-button></main></body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(plainPort(), '127.0.0.1', resolve))
})

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

test('the widget served by the signer, under the CSP it prints: loads with SRI and pays', async ({
  page,
  context,
}) => {
  expect(snippet.scriptTag).toMatch(
    /^<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/widget\/[0-9a-f]{16}\/eftpay-button\.js" integrity="sha384-[A-Za-z0-9+/=]{64}" crossorigin="anonymous"><\/script>$/,
  )
  const violations: string[] = []
  page.on('console', (msg) => {
    if (/Content Security Policy|integrity/i.test(msg.text())) violations.push(msg.text())
  })
  const scripts: string[] = []
  page.on('response', (res) => {
    if (res.url().includes('/widget/')) scripts.push(res.url())
  })
  const created = page.waitForResponse(
    (res) => res.url() === `${signerUrl()}/v1/sessions` && res.request().method() === 'POST',
  )
  await page.goto(`http://127.0.0.1:${plainPort()}/`)
  const session = (await (await created).json()) as { id: string; amount: string }
  expect(session.amount).toBe('24.00')

  await page.locator('eftpay-button [part="wallet"][data-wallet="ALIPAYHK"]').click()
  await expect(page.locator('eftpay-button [part="qr"]')).toBeVisible() // lazy chunk loaded
  expect(scripts.some((url) => /\/widget\/[0-9a-f]{16}\/eftpay-button\.qr\.js$/.test(url))).toBe(
    true,
  )

  await expect.poll(async () => (await latestPayment(session.id))?.eft_trade_no).toBeTruthy()
  const payment = await latestPayment(session.id)
  const phone = await context.newPage()
  await phone.goto(`${signerUrl()}/sandbox/pay/${payment?.eft_trade_no}`)
  await phone.locator('button[name="outcome"][value="success"]').click()
  await expect(phone.locator('h1')).toBeVisible()
  await phone.close()

  await expect
    .poll(() => page.locator('eftpay-button').evaluate((el) => el.matches(':state(succeeded)')))
    .toBe(true)
  expect(violations).toEqual([])
})
