import { expect, test } from '@playwright/test'
import { androidPhone } from '../support/devices.js'
import { apiKey, signerUrl } from '../support/env.js'
import { expectAccessible, payOnHostedPage, watchPolicy } from '../support/hosted.js'
import { getSession } from '../support/signer-api.js'

/**
 * Payment links in the browser (docs/api.md "Payment links"): a fixed-amount link paid through
 * its hosted checkout, a tip jar refusing an amount outside its range with a message naming the
 * field, deactivated and expired links, and a sold-out link while 50 shoppers race for its place.
 */

async function createLink(body: Record<string, unknown>): Promise<{ id: string; url: string }> {
  const res = await fetch(`${signerUrl()}/v1/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; url: string }
}

test.describe('phone', () => {
  test.use(androidPhone())

  test('a fixed-amount link: opening creates nothing, paying goes through the hosted checkout', async ({
    page,
  }) => {
    const violations = watchPolicy(page)
    const link = await createLink({ amount: '25.00', subject: 'Cooking class' })
    await page.goto(link.url)
    await expect(page.locator('[data-total]')).toHaveText('HKD 25.00')
    await expectAccessible(page, 'link page')
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.waitForURL(/\/pay\/cs_/)
    const sessionId = new URL(page.url()).pathname.split('/').at(-1) as string
    expect((await getSession(sessionId)) as unknown).toMatchObject({ link_id: link.id })
    await payOnHostedPage(page, sessionId, true)
    await expect.poll(async () => (await getSession(sessionId)).status).toBe('paid')
    expect(violations).toEqual([])
  })

  test('a tip jar refuses an amount outside its range, naming the field', async ({ page }) => {
    const link = await createLink({
      custom_amount: { minimum: '10', maximum: '200' },
      subject: 'Tip jar',
    })
    await page.goto(link.url)
    await page.getByLabel('Amount (HKD)').fill('500')
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await expect(page.getByRole('alert')).toHaveText(
      'Amount: enter an amount between 10.00 and 200.00.',
    )
    await expect(page.getByLabel('Amount (HKD)')).toHaveAttribute(
      'aria-describedby',
      /choice-error/,
    )
    await expectAccessible(page, 'refused amount')
    await page.getByLabel('Amount (HKD)').fill('50')
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await page.waitForURL(/\/pay\/cs_/)
    await expect(page.locator('[data-total]')).toHaveText('HKD 50.00')
  })
})

test.describe('desktop', () => {
  test.use({ locale: 'zh-HK' })

  test('a deactivated link says so in the shopper language', async ({ page }) => {
    const link = await createLink({ amount: '8.00', subject: 'Old offer' })
    await fetch(`${signerUrl()}/v1/links/${link.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    })
    const res = await page.goto(link.url)
    expect(res?.status()).toBe(410)
    await expect(page.getByRole('status')).toHaveText('此付款連結已停用。')
    await expect(page.getByRole('button')).toHaveCount(0)
    await expectAccessible(page, 'deactivated')
  })

  test('an expired link says so', async ({ page }) => {
    const link = await createLink({
      amount: '8.00',
      subject: 'Flash sale',
      expires_at: new Date(Date.now() + 2_000).toISOString(),
    })
    await page.waitForTimeout(2_500)
    const res = await page.goto(`${link.url}?lang=en`)
    expect(res?.status()).toBe(410)
    await expect(page.getByRole('status')).toHaveText('This payment link has expired.')
  })

  test('the last place: 50 shoppers at once, one pays, the others are told it is sold out', async ({
    page,
  }) => {
    const link = await createLink({ amount: '30.00', subject: 'Last seat', max_payments: 1 })
    await page.goto(`${link.url}?lang=en`)
    // 50 other shoppers press pay at the same moment (form posts over real HTTP).
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(link.url, { method: 'POST', body: new URLSearchParams(), redirect: 'manual' }),
      ),
    )
    expect(answers.filter((r) => r.status === 303)).toHaveLength(1)
    expect(answers.filter((r) => r.status === 409)).toHaveLength(49)
    // This shopper's page was open before: pressing pay now tells them before they pay.
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await expect(page.getByRole('status')).toHaveText(
      'Sold out: this payment link has reached its number of payments.',
    )
  })
})
