import { expect, type Page } from '@playwright/test'
import { demoUrl } from './env.js'

/**
 * Steps a shopper takes in the demo shop, written once so every spec reads like the flow it tests.
 * Widget parts are found through its public contract: `[part="wallet"][data-wallet=…]`,
 * `[part="apple-pay"]`, `[part="status"]`, `[part="qr"]` (Playwright's locators pierce open shadow roots).
 */

/** Shop page with a fixed language and theme, and an empty cart and event log. */
export async function openShop(
  page: Page,
  options: { lang?: string; theme?: string; path?: string } = {},
): Promise<void> {
  await page.addInitScript(
    ({ lang, theme }) => {
      if (sessionStorage.getItem('e2e-init')) return // keep state across the trip to the pay page
      sessionStorage.setItem('e2e-init', '1')
      localStorage.setItem('lokwah-demo-lang', lang)
      localStorage.setItem('lokwah-demo-theme', theme)
      localStorage.removeItem('lokwah-demo-cart')
    },
    { lang: options.lang ?? 'en', theme: options.theme ?? 'light' },
  )
  await page.goto(`${demoUrl()}${options.path ?? '/'}`)
}

/** Chooses a wallet on one of the page's buttons (`#set-button`: catalog style; `#cart-button`: session style). */
export async function chooseWallet(
  page: Page,
  wallet: string,
  button = '#set-button',
): Promise<void> {
  const choice = page.locator(`${button} [part="wallet"][data-wallet="${wallet}"]`)
  await expect(choice).toBeVisible()
  await choice.click()
}

/**
 * On the sandbox's hosted pay page: press pay, fail or cancel. The result page then takes the
 * shopper back to the merchant by itself after a few seconds (`auto`, what most shoppers see), or
 * at once with its "Return to merchant" button (`button`).
 */
export async function finishOnPayPage(
  page: Page,
  outcome: 'success' | 'fail' | 'cancel',
  returnBy: 'auto' | 'button' = 'button',
): Promise<void> {
  await page.waitForURL(/\/sandbox\/pay\//)
  await page.locator(`button[name="outcome"][value="${outcome}"]`).click()
  const back = page.locator('form[action*="/v1/gateway/return/"] button')
  await expect(back).toBeVisible()
  if (returnBy === 'button') await back.click()
}

/** The session id the signer's return route added to the success or cancel URL. */
export async function returnedSessionId(page: Page, path: '/success' | '/cancel'): Promise<string> {
  await page.waitForURL((url) => url.pathname === path && url.searchParams.has('session_id'))
  const id = new URL(page.url()).searchParams.get('session_id')
  if (!id) throw new Error('no session_id on the return URL')
  return id
}

/** Adds dishes to the cart, checks out (session style) and returns the session id the shop's backend got. */
export async function checkoutCart(page: Page, items: Record<string, number>): Promise<string> {
  for (const [sku, quantity] of Object.entries(items)) {
    for (let i = 0; i < quantity; i++)
      await page.locator(`button.btn-add[data-sku="${sku}"]`).click()
  }
  const answer = page.waitForResponse(
    (res) => res.url().endsWith('/api/checkout') && res.request().method() === 'POST',
  )
  await page.locator('#checkout').click()
  const res = await answer
  expect(res.status()).toBe(201)
  const { session_id } = (await res.json()) as { session_id: string }
  await expect(page.locator('#cart-button [part="wallet"]').first()).toBeVisible()
  return session_id
}

/**
 * The widget is in one of its custom states (`:state(succeeded)`, widget/README.md): what it shows,
 * read from its public contract rather than from a status text that is never empty.
 */
export async function expectWidgetState(page: Page, button: string, state: string): Promise<void> {
  await expect
    .poll(() => page.locator(button).evaluate((el, s) => el.matches(`:state(${s})`), state))
    .toBe(true)
}

/** The demo's live event log shows an event of this type (the widget fired it). */
export async function expectEvent(page: Page, type: string): Promise<void> {
  await expect(
    page.locator(`#event-log li.log-${type.replace('eftpay-', '')}`).first(),
  ).toBeVisible()
}

/** The merchant view lists the session with this status. */
export async function expectMerchantStatus(
  page: Page,
  sessionId: string,
  status: string,
): Promise<void> {
  await page.goto(`${demoUrl()}/merchant`)
  await expect(page.locator(`tr[data-session-id="${sessionId}"]`)).toHaveAttribute(
    'data-status',
    status,
  )
}

/**
 * The merchant refunds a paid session in full from the merchant view and waits for it to show
 * refunded (the view refreshes by itself once the refund settles); returns the session's row.
 */
export async function refundInMerchantView(page: Page, sessionId: string, amount: string) {
  await page.goto(`${demoUrl()}/merchant`)
  const row = page.locator(`tr[data-session-id="${sessionId}"]`)
  await expect(row).toHaveAttribute('data-status', 'paid')
  await row.locator('button[data-action="refund"]').click()
  await expect(page.locator('#merchant-note')).toContainText(amount)
  await expect(row).toHaveAttribute('data-status', 'refunded', { timeout: 20_000 })
  return row
}
