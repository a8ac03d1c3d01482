import { type BrowserContextOptions, expect, test } from '@playwright/test'
import { iPhone, weChatInApp } from '../support/devices.js'
import { checkoutCart, chooseWallet, openShop } from '../support/shop.js'
import { latestPayment } from '../support/signer-api.js'

/**
 * Device routing as a shopper sees it: the widget reports the device, the signer picks the
 * service from its routing table. The service actually sent to the gateway is read back from the
 * signer's merchant API.
 */

async function serviceFor(
  browser: import('@playwright/test').Browser,
  device: BrowserContextOptions,
  wallet: string,
): Promise<string | undefined> {
  const context = await browser.newContext(device)
  const page = await context.newPage()
  await openShop(page)
  const sessionId = await checkoutCart(page, { 'lemon-tea': 1 })
  await chooseWallet(page, wallet, '#cart-button')
  await page.waitForURL(/\/sandbox\/pay\//)
  const payment = await latestPayment(sessionId)
  await context.close()
  return payment?.service
}

test.describe('an iPhone in Safari gets the WAP / H5 services', () => {
  test('Alipay HK: service.alipay.wap.PreOrder', async ({ browser }) => {
    const service = await serviceFor(browser, iPhone(), 'ALIPAYHK')
    expect(service).toBe('service.alipay.wap.PreOrder')
  })

  test('WeChat Pay HK: service.wechat.web.MobileH5', async ({ browser }) => {
    const service = await serviceFor(browser, iPhone(), 'WECHATHK')
    expect(service).toBe('service.wechat.web.MobileH5')
  })
})

test.describe("WeChat's in-app browser", () => {
  test("WeChat Pay uses WeChat's in-app service (oauth2 Authorize)", async ({ browser }) => {
    const service = await serviceFor(browser, weChatInApp(), 'WECHATHK')
    expect(service).toBe('service.wechat.oauth2.Authorize')
  })

  test('Alipay is not offered inside WeChat (its links are blocked there)', async ({ browser }) => {
    const context = await browser.newContext(weChatInApp())
    const page = await context.newPage()
    await openShop(page)
    await expect(page.locator('#set-button [part="wallet"][data-wallet="WECHATHK"]')).toBeVisible()
    await expect(page.locator('#set-button [part="wallet"][data-wallet="ALIPAYHK"]')).toHaveCount(0)
    await context.close()
  })
})
