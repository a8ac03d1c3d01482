import { expect, test } from '@playwright/test'
import { androidPhone } from '../support/devices.js'
import { demoUrl } from '../support/env.js'
import { expectAccessible, payOnHostedPage, watchPolicy } from '../support/hosted.js'
import { createSession, getSession } from '../support/signer-api.js'

/**
 * The hosted checkout (docs/api.md "Hosted checkout"): the merchant's backend asks for
 * `hosted: true`, the shopper opens the `url`, sees the order in their language under the page's
 * strict policy, and pays through the sandbox on a phone and on a desktop.
 */

const LANGS = [
  { locale: 'en-GB', lang: 'en', total: 'Total' },
  { locale: 'zh-TW', lang: 'zh-HK', total: '總額' },
  { locale: 'zh-CN', lang: 'zh-CN', total: '总额' },
] as const

async function hostedSession() {
  const session = (await createSession({
    amount: '88.00',
    currency: 'HKD',
    subject: 'Hosted tea set',
    body: '2 x Iron Buddha',
    success_url: `${demoUrl()}/success`,
    cancel_url: `${demoUrl()}/cancel`,
    hosted: true,
  })) as Awaited<ReturnType<typeof createSession>> & { url: string }
  expect(session.url).toContain(`/pay/${session.id}#`)
  return session
}

for (const device of ['phone', 'desktop'] as const) {
  test.describe(device, () => {
    if (device === 'phone') test.use(androidPhone())

    for (const { locale, lang, total } of LANGS) {
      test.describe(lang, () => {
        // The browser's language, which it sends as Accept-Language.
        test.use({ locale })

        test(`the page in ${lang} from Accept-Language, accessible, under its policy`, async ({
          page,
        }) => {
          const violations = watchPolicy(page)
          const session = await hostedSession()
          await page.goto(session.url)
          await expect(page.locator('html')).toHaveAttribute('lang', lang)
          await expect(page.locator('.total')).toContainText(total)
          await expect(page.locator('[data-total]')).toHaveText('HKD 88.00')
          await expect(page.locator('eftpay-button [part="wallet"]').first()).toBeVisible()
          // The secret left the address bar once the page had it.
          expect(new URL(page.url()).hash).toBe('')
          await expectAccessible(page, `${device} ${lang}`)
          expect(violations).toEqual([])
        })
      })
    }

    test('the shopper switches language and pays', async ({ page }) => {
      const violations = watchPolicy(page)
      const session = await hostedSession()
      await page.goto(session.url)
      await page.getByRole('link', { name: '繁體中文' }).click()
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-HK')
      // The switch reloads the page without the fragment: the tab kept the secret.
      await expect(page.locator('eftpay-button')).toHaveAttribute('client-secret', /_secret_/)
      await payOnHostedPage(page, session.id, device === 'phone')
      await expect.poll(async () => (await getSession(session.id)).status).toBe('paid')
      expect(violations).toEqual([])
    })
  })
}

test('a page opened without its fragment says so instead of a broken widget', async ({ page }) => {
  const session = await hostedSession()
  await page.goto(session.url.split('#')[0] as string)
  await expect(page.locator('#no-secret')).toBeVisible()
  await expect(page.locator('eftpay-button')).toHaveCount(0)
})
