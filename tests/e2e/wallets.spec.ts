import { expect, test } from '@playwright/test'
import { WALLETS } from '../../signer/src/contract/vocabulary.js'
import { androidPhone } from '../support/devices.js'
import { signerUrl } from '../support/env.js'
import {
  chooseWallet,
  expectEvent,
  expectMerchantStatus,
  expectWidgetState,
  finishOnPayPage,
  openShop,
  returnedSessionId,
} from '../support/shop.js'
import { getSession } from '../support/signer-api.js'

/**
 * Every wallet the signer offers, the way a shopper pays on a phone: choose it on the shop's
 * catalog-style button, land on the sandbox's pay page, pay, come back to the shop's success page,
 * see "paid" in the widget, and find the order paid in the merchant view.
 */

interface Config {
  wallets: string[]
}

test.describe('every wallet on a phone: choose, pay on the sandbox page, come back paid', () => {
  let wallets: string[] = []

  test.beforeAll(async () => {
    const res = await fetch(`${signerUrl()}/v1/config`)
    wallets = ((await res.json()) as Config).wallets
  })

  test('the signer offers the seed wallets', () => {
    expect(wallets).toEqual(
      expect.arrayContaining([
        'ALIPAYHK',
        'ALIPAYCN',
        'WECHATHK',
        'PAYME',
        'OCT',
        'BOCVMPUPI',
        'UNIONPAY',
        'ICBCWAP',
        'MPGS',
        'AE',
      ]),
    )
  })

  for (const wallet of WALLETS) {
    test(`${wallet}: pay and come back paid`, async ({ browser }) => {
      test.skip(!wallets.includes(wallet), `${wallet} is not enabled in this signer`)
      const context = await browser.newContext(androidPhone())
      const page = await context.newPage()
      await openShop(page)
      await chooseWallet(page, wallet)
      await finishOnPayPage(page, 'success')
      const sessionId = await returnedSessionId(page, '/success')

      // The widget on the success page turns to paid, and says so through its event.
      await expectEvent(page, 'eftpay-success')
      await expect(page.locator('#receipt dd[data-status]')).toHaveAttribute('data-status', 'paid')
      await expectWidgetState(page, '#status-button', 'succeeded')
      await expect(page.locator('#status-button [part="status"]')).toHaveText(
        'Payment received. Thank you!',
      )

      // The truth, from the signer: one succeeded payment with this wallet.
      const session = await getSession(sessionId)
      expect(session.status).toBe('paid')
      expect(session.payments.find((p) => p.status === 'succeeded')?.wallet).toBe(wallet)

      await expectMerchantStatus(page, sessionId, 'paid')
      await expect(
        page.locator(`tr[data-session-id="${sessionId}"] td[data-wallet]`),
      ).toHaveAttribute('data-wallet', wallet)
      await context.close()
    })
  }
})
