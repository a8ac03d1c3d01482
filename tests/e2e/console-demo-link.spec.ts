import { expect, test } from '@playwright/test'
import { demoUrl } from '../support/env.js'

/**
 * `npm start`'s "Merchant view" is the merchant console (sandbox only): the demo's link opens it
 * signed in as the clearly marked demo owner, on the Payments screen, without a passkey.
 */
test("the demo's Merchant view opens the console as the demo owner", async ({ page }) => {
  await page.goto(demoUrl())
  await page.getByRole('link', { name: 'Merchant view' }).click()
  await expect(page.locator('#demo-badge')).toContainText('Demo owner')
  await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible()
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeVisible()
})
