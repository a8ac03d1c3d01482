import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { signerUrl } from './env.js'
import { latestPayment } from './signer-api.js'

/** Helpers for the signer's own pages: the hosted checkout and payment links (docs/api.md). */

/** Records CSP and SRI complaints the browser logs on a page. */
export function watchPolicy(page: Page): string[] {
  const violations: string[] = []
  page.on('console', (msg) => {
    if (/Content Security Policy|integrity/i.test(msg.text())) violations.push(msg.text())
  })
  return violations
}

/** axe finds no WCAG 2.1 A/AA violation (it looks into the widget's shadow root too). */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  )
  expect(summary, what).toEqual([])
}

/**
 * Pays the hosted page's session through the sandbox with Alipay HK: on a phone the widget sends
 * the shopper to the sandbox's pay page; on a desktop it shows a QR code, which a second page (the
 * "phone") opens.
 */
export async function payOnHostedPage(page: Page, sessionId: string, phone: boolean) {
  await page.locator('eftpay-button [part="wallet"][data-wallet="ALIPAYHK"]').click()
  if (phone) {
    await page.waitForURL(/\/sandbox\/pay\//)
    await page.locator('button[name="outcome"][value="success"]').click()
    return
  }
  await expect(page.locator('eftpay-button [part="qr"]')).toBeVisible()
  await expect.poll(async () => (await latestPayment(sessionId))?.eft_trade_no).toBeTruthy()
  const payment = await latestPayment(sessionId)
  const other = await page.context().newPage()
  await other.goto(`${signerUrl()}/sandbox/pay/${payment?.eft_trade_no}`)
  await other.locator('button[name="outcome"][value="success"]').click()
  await expect(other.locator('h1')).toBeVisible()
  await other.close()
}
