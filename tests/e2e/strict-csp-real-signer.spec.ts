import type { Server } from 'node:http'
import { expect, type Page, test } from '@playwright/test'
import { installFakeApplePay } from '../support/apple-pay-fake.js'
import { androidPhone, iPhone } from '../support/devices.js'
import { plainPort, signerUrl } from '../support/env.js'
import { installFakeGooglePay } from '../support/google-pay-fake.js'
import { getSession } from '../support/signer-api.js'
import { serveStrictPage } from '../support/strict-page.js'

/**
 * The flows that leave the page or open a sheet, redirect, Apple Pay and Google Pay, on a page with
 * a strict Content-Security-Policy, against the real signer (sandbox mode) rather than the
 * hand-written fake signer of widget-csp.spec.ts: the real answers (their shapes, the redirect
 * URL, the Apple Pay merchant session) must work under the policy too, and so must the Google
 * Pay chunk (the Payment Request API, no script from Google).
 */

let server: Server

test.beforeAll(async () => {
  server = await serveStrictPage({ title: 'Strict page', quantity: 1 })
})

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
})

/** Records CSP violations on the strict page (the pay page is the gateway's, with its own policy). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.exposeFunction('reportCsp', (text: string) => violations.push(text))
  await page.addInitScript(() => {
    if (location.pathname !== '/') return
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCsp: (t: string) => void }).reportCsp(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    )
  })
  return violations
}

/** Opens the strict page and answers the session the widget created (priced by the signer). */
async function openStrictPage(page: Page): Promise<string> {
  const created = page.waitForResponse(
    (res) =>
      res.url() === `${signerUrl()}/v1/sessions` &&
      res.request().method() === 'POST' &&
      res.status() === 201,
  )
  await page.goto(`http://127.0.0.1:${plainPort()}/`)
  const session = (await (await created).json()) as { id: string; amount: string }
  expect(session.amount).toBe('12.00')
  return session.id
}

test.describe('redirect', () => {
  test.use(androidPhone())

  test('under a strict CSP, the real signer sends the shopper to the wallet page', async ({
    page,
  }) => {
    const violations = await watchCsp(page)
    const sessionId = await openStrictPage(page)
    await page.locator('eftpay-button [part="wallet"][data-wallet="ALIPAYHK"]').click()
    await page.waitForURL(/\/sandbox\/pay\//)
    const session = await getSession(sessionId)
    expect(session.payments).toHaveLength(1)
    expect(page.url()).toContain(session.payments[0]?.eft_trade_no as string)
    expect(violations).toEqual([])
  })
})

test.describe('Apple Pay', () => {
  test.use(iPhone())

  test('under a strict CSP, validated and paid through the real signer', async ({ page }) => {
    const violations = await watchCsp(page)
    await page.addInitScript(installFakeApplePay, 'c2FuZGJveC1hcHByb3Zl')
    const sessionId = await openStrictPage(page)
    const button = page.locator('eftpay-button [part="apple-pay"]')
    await expect(button).toBeVisible()
    const paid = page.waitForResponse((res) =>
      res.url().endsWith(`/v1/sessions/${sessionId}/apple-pay/payments`),
    )
    await button.click()
    expect((await paid).status()).toBe(201)
    await expect.poll(async () => (await getSession(sessionId)).status).toBe('paid')
    // The sheet completes once the page has read the signer's answer: wait for it, not a moment.
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { __applePay: Array<{ type: string }> }).__applePay.map(
            (c) => c.type,
          ),
        ),
      )
      .toEqual(['new', 'begin', 'merchant-validated', 'completed'])
    expect(violations).toEqual([])
  })
})

test.describe('Google Pay', () => {
  test.use(androidPhone())

  test('under a strict CSP, the Google Pay chunk loads and the real signer pays the token', async ({
    page,
  }) => {
    const violations = await watchCsp(page)
    await page.addInitScript(installFakeGooglePay, '{"signature":"sandbox-approve"}')
    const chunk = page.waitForResponse((res) => res.url().endsWith('/eftpay-button.google-pay.js'))
    const sessionId = await openStrictPage(page)
    expect((await chunk).status()).toBe(200)
    const button = page.locator('eftpay-button [part="google-pay"]')
    await expect(button).toBeVisible()
    const paid = page.waitForResponse((res) =>
      res.url().endsWith(`/v1/sessions/${sessionId}/google-pay/payments`),
    )
    await button.click()
    expect((await paid).status()).toBe(201)
    await expect.poll(async () => (await getSession(sessionId)).status).toBe('paid')
    const calls = await page.evaluate(
      () =>
        (window as unknown as { __googlePay: Array<{ type: string; result?: string }> })
          .__googlePay,
    )
    expect(calls.at(-1)).toEqual({ type: 'completed', result: 'success' })
    expect(violations).toEqual([])
  })
})
