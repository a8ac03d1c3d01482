import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { expect, type Page, test } from '@playwright/test'
import { CSP, type CspSite, startCspSite } from './fixtures/csp/server.js'

// The widget's "safe everywhere" promises: the built script-tag file works on a page whose
// Content-Security-Policy is `default-src 'self'` with no `unsafe-*`, and importing the npm build on
// a server touches no DOM. Needs `pnpm --dir widget build` first (the test command builds).

const widgetDist = new URL('../widget/dist/', import.meta.url)
let site: CspSite

// A fresh site (and fake signer state) per test.
test.beforeEach(async () => {
  expect(
    existsSync(new URL('eftpay-button.js', widgetDist)),
    'build the widget first: pnpm --dir widget build',
  ).toBe(true)
  site = await startCspSite()
})

test.afterEach(async () => {
  await site?.close()
})

/** Collects CSP violations (reported by the page) and console errors while the page runs. */
async function watchViolations(page: Page): Promise<string[]> {
  const problems: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await page.exposeFunction('reportViolation', (text: string) => problems.push(`csp: ${text}`))
  // Init scripts run through the DevTools protocol, so the policy does not block this listener.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ;(window as unknown as { reportViolation: (t: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      )
    })
  })
  return problems
}

test("the script-tag file renders the wallets under default-src 'self' and redirects on a click", async ({
  page,
}) => {
  const problems = await watchViolations(page)
  const redirects: unknown[] = []
  await page.exposeFunction('recordRedirect', (detail: unknown) => redirects.push(detail))
  const response = await page.goto(site.origin)
  expect(response?.headers()['content-security-policy']).toBe(CSP)

  const wallets = page.locator('eftpay-button [part="wallet"]')
  await expect(wallets).toHaveCount(3)
  await expect(page.locator('eftpay-button [data-wallet="ALIPAYHK"]')).toHaveText(/AlipayHK/)
  await expect(page.locator('eftpay-button [part="status"]')).toHaveText('Choose how to pay')
  // The adopted stylesheet applied (an inline <style> would have been refused).
  const radius = await page
    .locator('eftpay-button [part="wallet"]')
    .first()
    .evaluate((el) => getComputedStyle(el).borderTopLeftRadius)
  expect(radius).toBe('8px')

  await page.evaluate(() => {
    document.addEventListener('eftpay-redirect', (e) => {
      ;(window as unknown as { recordRedirect: (d: unknown) => void }).recordRedirect(
        (e as CustomEvent).detail,
      )
    })
  })
  await page.locator('eftpay-button [data-wallet="ALIPAYHK"]').click()
  // Not cancelled: the widget navigates to the wallet itself.
  await page.waitForURL(`${site.origin}/wallet/py_1`)
  expect(redirects).toEqual([
    {
      wallet: 'ALIPAYHK',
      url: `${site.origin}/wallet/py_1`,
      paymentId: 'py_1',
      sessionId: 'cs_csp1',
    },
  ])
  expect(site.seen).toContain('POST /v1/sessions/cs_csp1/payments')
  expect(problems).toEqual([])
})

test('the QR code loads its lazy chunk and draws as SVG under the same policy, then shows the payment', async ({
  page,
}) => {
  const problems = await watchViolations(page)
  await page.goto(site.origin)
  await page.locator('eftpay-button [data-wallet="WECHATHK"]').click()
  const qr = page.locator('eftpay-button svg[part="qr"]')
  await expect(qr).toBeVisible()
  await expect(qr).toHaveAttribute('aria-label', 'QR code to pay with WeChat Pay HK')
  expect(site.seen).toContain('GET /eftpay-button.qr.js')
  site.pay()
  await expect(page.locator('eftpay-button [part="status"]')).toHaveText(
    'Payment received. Thank you!',
  )
  expect(problems).toEqual([])
})

test('Apple Pay loads its lazy chunk and completes under the same policy', async ({ page }) => {
  const problems = await watchViolations(page)
  // A minimal ApplePaySession (Apple Pay JS 3): validation, then authorisation, then completion.
  await page.addInitScript(() => {
    const log: string[] = []
    class FakeSession {
      static STATUS_SUCCESS = 0
      static STATUS_FAILURE = 1
      static canMakePayments = () => true
      onvalidatemerchant: ((e: { validationURL: string }) => void) | null = null
      onpaymentauthorized: ((e: { payment: { token: { paymentData: unknown } } }) => void) | null =
        null
      oncancel: (() => void) | null = null
      begin() {
        log.push('begin')
        setTimeout(() =>
          this.onvalidatemerchant?.({
            validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
          }),
        )
      }
      completeMerchantValidation() {
        log.push('validated')
        setTimeout(() =>
          this.onpaymentauthorized?.({ payment: { token: { paymentData: { data: 'x' } } } }),
        )
      }
      completePayment(result: { status: number }) {
        log.push(`completed:${result.status}`)
      }
      abort() {
        log.push('abort')
      }
    }
    Object.assign(window, { ApplePaySession: FakeSession, applePayLog: log })
  })
  await page.goto(site.origin)
  await page.locator('eftpay-button [part="apple-pay"]').click()
  await expect(page.locator('eftpay-button [part="status"]')).toHaveText(
    'Payment received. Thank you!',
  )
  expect(
    await page.evaluate(() => (window as unknown as { applePayLog: string[] }).applePayLog),
  ).toEqual(['begin', 'validated', 'completed:0'])
  expect(site.seen).toContain('GET /eftpay-button.apple-pay.js')
  expect(problems).toEqual([])
})

test('importing the npm build on a server (Node, no DOM) works and defines nothing in the DOM', async () => {
  const script = `
    const m = await import(${JSON.stringify(new URL('index.js', widgetDist).href)})
    if (typeof m.EftpayButton !== 'function') throw new Error('no EftpayButton export')
    if (typeof document !== 'undefined' || typeof window !== 'undefined') throw new Error('a DOM appeared')
    console.log('ok')
  `
  // A plain environment: colour variables set by the runner make Node print a warning on stderr.
  const { FORCE_COLOR: _force, NO_COLOR: _no, ...env } = process.env
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--input-type=module', '-e', script],
    { env },
  )
  expect(stdout.trim()).toBe('ok')
  expect(stderr).toBe('')
})
