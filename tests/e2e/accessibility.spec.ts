import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { androidPhone } from '../support/devices.js'
import { demoUrl } from '../support/env.js'
import {
  chooseWallet,
  expectWidgetState,
  finishOnPayPage,
  openShop,
  returnedSessionId,
} from '../support/shop.js'

/**
 * axe finds no violations on the demo's pages (WCAG 2.1 A and AA rules), in light and dark, with
 * the widget in them (axe looks into its shadow root): the shop, a paid success page, the cancel
 * page and the merchant view.
 */

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  )
  expect(summary, what).toEqual([])
}

let paidSessionId = ''
/** The paid session's client secret, as the widget kept it in the tab that paid (sku flow). */
let paidSecret = ''

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext(androidPhone())
  const page = await context.newPage()
  await openShop(page)
  await chooseWallet(page, 'UNIONPAY')
  await finishOnPayPage(page, 'success')
  paidSessionId = await returnedSessionId(page, '/success')
  paidSecret = await page.evaluate(
    (id) => sessionStorage.getItem(`eftpay:${id}`) ?? '',
    paidSessionId,
  )
  expect(paidSecret).toMatch(new RegExp(`^${paidSessionId}_secret_`))
  await context.close()
})

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test('the shop, with a cart and the session-style button', async ({ page }) => {
      await openShop(page, { theme })
      await expect(page.locator('#set-button [part="wallet"]').first()).toBeVisible()
      await page.locator('button.btn-add[data-sku="egg-tart"]').click()
      await page.locator('#checkout').click()
      await expect(page.locator('#cart-button [part="wallet"]').first()).toBeVisible()
      await expectNoViolations(page, 'shop')
    })

    test('the success page of a paid order', async ({ page }) => {
      // The tab that paid, coming back: the widget there knows the session's secret.
      await page.addInitScript(
        ([id, secret]) => sessionStorage.setItem(`eftpay:${id}`, secret!),
        [paidSessionId, paidSecret],
      )
      await openShop(page, { theme, path: `/success?session_id=${paidSessionId}` })
      await expect(page.locator('#receipt dd[data-status]')).toHaveAttribute('data-status', 'paid')
      await expectWidgetState(page, '#status-button', 'succeeded') // axe sees the paid state, not the loading one
      await expectNoViolations(page, 'success')
    })

    test('the cancel page', async ({ page }) => {
      await openShop(page, { theme, path: `/cancel?session_id=${paidSessionId}` })
      await expect(page.locator('#receipt dd[data-status]')).toBeVisible()
      // Another tab, without the session's secret: the receipt only, not a widget stuck in an error.
      await expect(page.locator('#status-button')).toHaveCount(0)
      await expectNoViolations(page, 'cancel')
    })

    test('the merchant view', async ({ page }) => {
      await openShop(page, { theme, path: '/merchant' })
      await expect(page.locator(`tr[data-session-id="${paidSessionId}"]`)).toBeVisible()
      await expectNoViolations(page, 'merchant')
    })
  })
}

test('the demo answers on its own pages only', async ({ request }) => {
  expect((await request.get(`${demoUrl()}/nope`)).status()).toBe(404)
})
