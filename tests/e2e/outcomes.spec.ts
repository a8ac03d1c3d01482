import { expect, test } from '@playwright/test'
import { androidPhone } from '../support/devices.js'
import {
  chooseWallet,
  expectEvent,
  expectMerchantStatus,
  finishOnPayPage,
  openShop,
  returnedSessionId,
} from '../support/shop.js'
import { getSession } from '../support/signer-api.js'

/**
 * The unhappy ends of a redirect payment: the wallet declines, or the shopper cancels on the pay
 * page. Either way the shopper lands on the shop's cancel page, nothing is paid, and the order
 * stays open to try again.
 */

test.use(androidPhone())

test('a declined payment comes back to the cancel page, not paid', async ({ page }) => {
  await openShop(page)
  await chooseWallet(page, 'ALIPAYHK')
  await finishOnPayPage(page, 'fail')
  const sessionId = await returnedSessionId(page, '/cancel')

  await expectEvent(page, 'eftpay-failure')
  await expect(page.locator('#receipt dd[data-status]')).toHaveAttribute('data-status', 'open')
  await expect.poll(async () => (await getSession(sessionId)).payments[0]?.status).toBe('failed')
  expect((await getSession(sessionId)).status).toBe('open')
  await expect(page.locator('#event-log li.log-success')).toHaveCount(0)

  await expectMerchantStatus(page, sessionId, 'open')
})

test('a payment cancelled on the pay page comes back to the cancel page, not paid', async ({
  page,
}) => {
  await openShop(page)
  await chooseWallet(page, 'WECHATHK')
  await finishOnPayPage(page, 'cancel', 'auto') // the page's own refresh brings the shopper back too
  const sessionId = await returnedSessionId(page, '/cancel')

  await expect(page.locator('h1')).toHaveText('Payment cancelled')
  await expect(page.locator('#receipt dd[data-status]')).toHaveAttribute('data-status', 'open')
  // The cancel's TRADE_CLOSED notification ends the payment as failed (a missing payment, whose
  // status reads undefined, must not pass as "not pending").
  await expect.poll(async () => (await getSession(sessionId)).payments[0]?.status).toBe('failed')
  const session = await getSession(sessionId)
  expect(session.payments).toHaveLength(1)
  expect(session.status).toBe('open')
  expect(session.payments.every((p) => p.status !== 'succeeded')).toBe(true)
  await expect(page.locator('#event-log li.log-success')).toHaveCount(0)
})

test('the pay page\'s "Return to merchant" button takes the shopper back at once', async ({
  page,
}) => {
  await openShop(page)
  await chooseWallet(page, 'AE')
  // The button POSTs the signed return (docs/protocol.md); the page's own refresh would GET it.
  // Which request came back tells them apart, with no race against the 5-second refresh.
  const returned = page.waitForRequest((req) => req.url().includes('/v1/gateway/return/'))
  await finishOnPayPage(page, 'success', 'button')
  expect((await returned).method()).toBe('POST')
  await page.waitForURL((url) => url.pathname === '/success')
  await expectEvent(page, 'eftpay-success')
})
