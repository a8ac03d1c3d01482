import { expect, test } from '@playwright/test'
import { signerUrl } from '../support/env.js'
import {
  checkoutCart,
  chooseWallet,
  expectEvent,
  expectWidgetState,
  openShop,
} from '../support/shop.js'
import { latestPayment } from '../support/signer-api.js'

/**
 * A desktop shopper paying with a phone wallet: the widget shows a QR code instead of leaving the
 * page, the payment is completed on the sandbox pay page in a second tab (standing in for the
 * phone that scanned it), and the widget turns to paid by itself, without a reload.
 */

test('desktop QR code: paid in a second tab, the widget turns to paid without a reload', async ({
  page,
  context,
}) => {
  await openShop(page)
  const sessionId = await checkoutCart(page, { 'milk-tea': 1, 'egg-tart': 2 })
  const shopUrl = page.url()
  let navigations = 0
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1
  })

  await chooseWallet(page, 'ALIPAYHK', '#cart-button')
  await expect(page.locator('#cart-button [part="qr"]')).toBeVisible()
  await expectEvent(page, 'eftpay-qrcode')

  // On a desktop, Alipay is the web service whose pay link is shown as a QR code (routing table).
  await expect.poll(async () => (await latestPayment(sessionId))?.eft_trade_no).toBeTruthy()
  const payment = await latestPayment(sessionId)
  expect(payment?.service).toBe('service.alipay.web.PreOrder')

  const phone = await context.newPage()
  await phone.goto(`${signerUrl()}/sandbox/pay/${payment?.eft_trade_no}`)
  await phone.locator('button[name="outcome"][value="success"]').click()
  await expect(phone.locator('h1')).toBeVisible()
  await phone.close()

  await expectEvent(page, 'eftpay-success')
  await expectWidgetState(page, '#cart-button', 'succeeded')
  await expect(page.locator('#cart-button [part="qr"]')).toHaveCount(0)
  expect(navigations).toBe(0)
  expect(page.url()).toBe(shopUrl)
})
