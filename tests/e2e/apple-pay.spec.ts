import { expect, type Page, test } from '@playwright/test'
import { installFakeApplePay } from '../support/apple-pay-fake.js'
import { signerUrl } from '../support/env.js'
import { expectEvent, openShop } from '../support/shop.js'
import { getSession } from '../support/signer-api.js'

/**
 * Apple Pay, with Safari's ApplePaySession replaced by a faithful fake: the merchant is validated
 * through the signer, the token goes to the signer, whose synchronous answer closes the sheet.
 * The sandbox declines a token whose data contains DECLINE (sandbox/README.md).
 */

type Call = { type: string; status?: number; merchantSession?: unknown }

/** Opens the shop, pays the set with Apple Pay and returns the session id and the fake's record. */
async function payWithApplePay(
  page: Page,
  tokenData: string,
): Promise<{ sessionId: string; calls: Call[] }> {
  await page.addInitScript(installFakeApplePay, tokenData)
  const created = page.waitForResponse(
    (res) =>
      res.url() === `${signerUrl()}/v1/sessions` &&
      res.request().method() === 'POST' &&
      res.status() === 201,
  )
  await openShop(page)
  const sessionId = ((await (await created).json()) as { id: string }).id
  const button = page.locator('#set-button [part="apple-pay"]')
  await expect(button).toBeVisible()
  const validated = page.waitForResponse((res) =>
    res.url().endsWith(`/v1/sessions/${sessionId}/apple-pay/validate`),
  )
  const paid = page.waitForResponse((res) =>
    res.url().endsWith(`/v1/sessions/${sessionId}/apple-pay/payments`),
  )
  await button.click()
  expect((await validated).status()).toBe(200)
  expect((await paid).status()).toBe(201)
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { __applePay: Call[] }).__applePay.some(
          (c) => c.type === 'completed',
        ),
      ),
    )
    .toBe(true)
  const calls = await page.evaluate(() => (window as unknown as { __applePay: Call[] }).__applePay)
  return { sessionId, calls }
}

test('Apple Pay: validated through the signer, token paid, the sheet closes with success', async ({
  page,
}) => {
  const { sessionId, calls } = await payWithApplePay(page, 'c2FuZGJveC1hcHByb3Zl')

  expect(calls.map((c) => c.type)).toEqual(['new', 'begin', 'merchant-validated', 'completed'])
  const merchantSession = calls.find((c) => c.type === 'merchant-validated')?.merchantSession
  // Apple's merchant session as the signer got it (in sandbox mode, its own stand-in), passed on as is.
  expect(merchantSession).toMatchObject({
    merchantSessionIdentifier: expect.stringMatching(/_SANDBOX$/),
    epochTimestamp: expect.any(Number),
  })
  expect(calls.find((c) => c.type === 'completed')?.status).toBe(0) // STATUS_SUCCESS
  await expectEvent(page, 'eftpay-success')

  const session = await getSession(sessionId)
  expect(session.status).toBe('paid')
  expect(session.payments.at(-1)).toMatchObject({ wallet: 'APPLEPAY', status: 'succeeded' })
})

test('Apple Pay: a declined token closes the sheet with failure and nothing is paid', async ({
  page,
}) => {
  const { sessionId, calls } = await payWithApplePay(page, 'DECLINE-this-card')

  expect(calls.find((c) => c.type === 'completed')?.status).toBe(1) // STATUS_FAILURE
  await expectEvent(page, 'eftpay-failure')
  await expect(page.locator('#event-log li.log-success')).toHaveCount(0)

  const session = await getSession(sessionId)
  expect(session.status).toBe('open')
  expect(session.payments.at(-1)).toMatchObject({ wallet: 'APPLEPAY', status: 'failed' })
})
