import { expect, test } from '@playwright/test'
import { androidPhone } from '../support/devices.js'
import {
  checkoutCart,
  chooseWallet,
  expectWidgetState,
  finishOnPayPage,
  openShop,
  refundInMerchantView,
  returnedSessionId,
} from '../support/shop.js'
import { getSession } from '../support/signer-api.js'

/**
 * A merchant refunds a paid order from the demo's merchant view: the demo's backend asks the
 * signer (API key, server side), the sandbox settles the refund, and the view shows it refunded.
 */

test.use(androidPhone())

test('a refund from the merchant view refunds the whole order', async ({ page }) => {
  await openShop(page)
  const sessionId = await checkoutCart(page, { 'french-toast': 1, yuenyeung: 1 })
  await chooseWallet(page, 'PAYME', '#cart-button')
  await finishOnPayPage(page, 'success')
  expect(await returnedSessionId(page, '/success')).toBe(sessionId)
  // Session style too: the success page's widget shows the cart's session as paid (not an error).
  await expectWidgetState(page, '#status-button', 'succeeded')
  await expect.poll(async () => (await getSession(sessionId)).status).toBe('paid')

  // The view refreshes by itself; the refund settles and the order shows refunded.
  const row = await refundInMerchantView(page, sessionId, '76.00')
  await expect(row.locator('button[data-action="refund"]')).toHaveCount(0)
  const session = await getSession(sessionId)
  expect(session.status).toBe('refunded')
  expect(session.amount_refunded).toBe('76.00')
  expect(session.refunds).toEqual([
    expect.objectContaining({ amount: '76.00', status: 'succeeded' }),
  ])
  // The demo's event log is shared by every spec of the run: this session's refund event, not any.
  const events = page.locator('#webhook-log li.log-item')
  const thisSession = events.filter({
    has: page.locator('.log-detail', { hasText: new RegExp(`^${sessionId}$`) }),
  })
  await expect(
    thisSession.filter({ has: page.locator('.log-type', { hasText: /^refund\.succeeded$/ }) }),
  ).toHaveCount(1)
})
