import { expect, type Page, test } from '@playwright/test'
import { androidPhone } from '../support/devices.js'
import { installFakeGooglePay } from '../support/google-pay-fake.js'
import {
  checkoutCart,
  expectEvent,
  expectWidgetState,
  openShop,
  refundInMerchantView,
} from '../support/shop.js'
import { getSession } from '../support/signer-api.js'

/**
 * Google Pay on an Android phone in the demo, through Chrome's Payment Request API replaced by a
 * faithful fake (tests/support/google-pay-fake.ts): the widget loads its Google Pay chunk, asks
 * for an MPGS gateway token with the signer's settings, and sends the token to the real signer,
 * which pays it through the sandbox's Google Pay token service; the sheet closes with the signer's
 * final status. The sandbox declines a token containing DECLINE (docs/api.md).
 */

test.use(androidPhone())

type Call = { type: string; data?: Record<string, unknown>; details?: unknown; result?: string }

const calls = (page: Page): Promise<Call[]> =>
  page.evaluate(() => (window as unknown as { __googlePay: Call[] }).__googlePay)

/** Checks out the cart and pays it with Google Pay; returns the session id. */
async function payCartWithGooglePay(page: Page, token: string): Promise<string> {
  await page.addInitScript(installFakeGooglePay, token)
  await openShop(page)
  const sessionId = await checkoutCart(page, { 'french-toast': 1, yuenyeung: 1 })
  const button = page.locator('#cart-button [part="google-pay"]')
  await expect(button).toBeVisible()
  await expect(button).toHaveAccessibleName('Buy with Google Pay')
  const paid = page.waitForResponse((res) =>
    res.url().endsWith(`/v1/sessions/${sessionId}/google-pay/payments`),
  )
  await button.click()
  expect((await paid).status()).toBe(201)
  await expect.poll(async () => (await calls(page)).some((c) => c.type === 'completed')).toBe(true)
  return sessionId
}

test('Google Pay: an Android shopper pays end to end, and the merchant refunds it', async ({
  page,
}) => {
  const sessionId = await payCartWithGooglePay(page, '{"signature":"sandbox-approve"}')
  const record = await calls(page)
  expect(record.find((c) => c.type === 'completed')?.result).toBe('success')
  // The Payment Request the widget built: the session's amount, the signer's Google Pay settings.
  const request = record.findLast((c) => c.type === 'new')!
  expect(request.details).toMatchObject({ total: { amount: { currency: 'HKD', value: '76.00' } } })
  expect(request.data).toMatchObject({
    apiVersion: 2,
    environment: 'TEST',
    allowedPaymentMethods: [
      {
        type: 'CARD',
        tokenizationSpecification: {
          type: 'PAYMENT_GATEWAY',
          parameters: { gateway: 'mpgs' },
        },
      },
    ],
  })
  await expectWidgetState(page, '#cart-button', 'succeeded')
  await expectEvent(page, 'eftpay-success')
  const session = await getSession(sessionId)
  expect(session.status).toBe('paid')
  expect(session.payments.at(-1)).toMatchObject({ wallet: 'GOOGLEPAY', status: 'succeeded' })

  await refundInMerchantView(page, sessionId, '76.00')
  const refunded = await getSession(sessionId)
  expect(refunded.amount_refunded).toBe('76.00')
  expect(refunded.refunds).toEqual([
    expect.objectContaining({ amount: '76.00', status: 'succeeded' }),
  ])
})

test('Google Pay: a declined token closes the sheet with fail and nothing is paid', async ({
  page,
}) => {
  const sessionId = await payCartWithGooglePay(page, '{"signature":"DECLINE"}')
  expect((await calls(page)).find((c) => c.type === 'completed')?.result).toBe('fail')
  await expectWidgetState(page, '#cart-button', 'failed')
  await expectEvent(page, 'eftpay-failure')
  const session = await getSession(sessionId)
  expect(session.status).toBe('open')
  expect(session.payments.at(-1)).toMatchObject({ wallet: 'GOOGLEPAY', status: 'failed' })
})

for (const [lang, name] of [
  ['zh-HK', '使用 Google Pay 購買'],
  ['zh-CN', '使用 Google Pay 购买'],
] as const) {
  test(`Google Pay: the button says "${name}" in ${lang}`, async ({ page }) => {
    await page.addInitScript(installFakeGooglePay, 'unused')
    await openShop(page, { lang })
    await expect(page.locator('#set-button [part="google-pay"]')).toHaveAccessibleName(name)
  })
}
