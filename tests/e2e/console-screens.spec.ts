import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, expect, type Page, test } from '@playwright/test'
import { freePort } from '../../scripts/free-port.mjs'
import { type SignerProcess, startSignerProcess } from '../../scripts/node-process.mjs'
import {
  expectAccessible,
  invite,
  paidSession,
  SHOP_ORIGIN,
  webhookEndpoint,
  withPasskeys,
} from '../support/console-e2e.js'
import { androidPhone } from '../support/devices.js'

/**
 * The console's money screens in Chromium with a virtual authenticator, on a phone: an owner finds
 * a payment by its reference, refunds half with the passkey step-up, sees the refund and its
 * webhook succeed, resends the webhook, and exports the day as CSV whose totals match the
 * summary; a staff member's refund within and above the limit. axe on every screen, light and dark.
 */

const API_KEY = 'sk_console_screens_0123456789abcdef'
let dataDir = ''
let signer: SignerProcess
let hooks: Awaited<ReturnType<typeof webhookEndpoint>>
let consoleUrl = ''
let env: Record<string, string> = {}

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'eftpay-console-screens-'))
  hooks = await webhookEndpoint()
  const consolePort = await freePort()
  consoleUrl = `http://localhost:${consolePort}`
  env = {
    DATABASE_URL: `sqlite:${join(dataDir, 'signer.db')}`,
    CONSOLE_PORT: String(consolePort),
    SIGNER_API_KEY: API_KEY,
    ALLOWED_ORIGINS: SHOP_ORIGIN,
    MERCHANT_WEBHOOK_URL: hooks.url,
    MERCHANT_WEBHOOK_SECRET: 'whsec_console_screens_0123456789abcdef',
    LOG_LEVEL: 'warn',
  }
  signer = await startSignerProcess({ env, port: await freePort() })
})

test.afterAll(async () => {
  await signer?.stop()
  await hooks?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

async function enrolledPage(
  context: BrowserContext,
  role: 'owner' | 'staff',
  name: string,
): Promise<Page> {
  const page = await context.newPage()
  await withPasskeys(context, page)
  await page.goto(invite(env, consoleUrl, role, name))
  await page.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  return page
}

async function openSession(page: Page, reference: string): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: 'Payments' }).click()
  await page.getByRole('searchbox', { name: 'Search' }).fill(reference)
  await page.getByRole('button', { name: 'Apply' }).click()
  const cards = page.locator('ul.cards > li')
  await expect(cards).toHaveCount(1)
  await cards.getByRole('link').click()
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible()
}

const hkToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

test('an owner finds a payment by reference on a phone, refunds half, follows it, resends its webhook and exports the day', async ({
  browser,
}) => {
  // Many screens, a passkey step-up, a refund settled and a webhook sent twice: three times the time.
  test.slow()
  const reference = `e2e-${Date.now()}`
  const { id } = await paidSession(signer.url, API_KEY, { amount: '88.00', reference })
  const context = await browser.newContext(androidPhone())
  const page = await enrolledPage(context, 'owner', 'Olivia Owner')
  await expectAccessible(page, 'payments list')

  await openSession(page, reference)
  await expect(page).toHaveURL(new RegExp(`/payments/${id}$`))
  await expect(page.locator('#refundable')).toContainText('HKD 88.00')
  await expect(page.locator('#timeline')).toContainText('eftPay notified us')
  await expect(page.locator('#timeline')).not.toContainText(/secret/i)
  await expectAccessible(page, 'payment detail')

  // Half, with a reason; the confirmation repeats amount and order, then the passkey step-up.
  await page.getByLabel('Amount to refund (HKD)').fill('44.00')
  await page.getByLabel('Reason').fill('one tea was cold')
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.locator('#confirm-text')).toContainText(/Refund HKD 44\.00 of order \S+\?/)
  await expectAccessible(page, 'refund confirmation')
  await page.getByRole('button', { name: 'Confirm with passkey and refund' }).click()
  await expect(page.locator('#live')).toContainText('Refund sent; it is succeeded.', {
    timeout: 30_000,
  })
  await expect(page.locator('#refunds')).toContainText('HKD 44.00')
  await expect(page.locator('#refundable')).toContainText('HKD 44.00')
  await expect.poll(() => hooks.received.includes('refund.succeeded')).toBe(true)

  // The refund's webhook, delivered; sent again on request.
  await page.getByRole('navigation').getByRole('link', { name: 'Webhooks' }).click()
  await expect(page.locator('#health')).toContainText('Healthy')
  const delivered = page
    .locator('#deliveries > li')
    .filter({ hasText: 'refund.succeeded' })
    .filter({ hasText: 'delivered' })
  await expect(delivered).toHaveCount(1)
  await expectAccessible(page, 'webhooks')
  const before = hooks.received.filter((t) => t === 'refund.succeeded').length
  await delivered.getByRole('button', { name: /Resend/ }).click()
  await expect(page.getByText('Queued to be sent again.')).toBeVisible()
  await expect
    .poll(() => hooks.received.filter((t) => t === 'refund.succeeded').length)
    .toBe(before + 1)

  // The day's summary and its CSV agree: 88.00 in, 44.00 out.
  await page.getByRole('navigation').getByRole('link', { name: 'Export' }).click()
  await page.getByLabel('From (date)').fill(hkToday())
  await page.getByLabel('To (date)').fill(hkToday())
  await page.getByRole('button', { name: 'Show summary' }).click()
  const total = page.locator('#summary tfoot tr').first()
  await expect(total).toContainText('88.00')
  await expect(total).toContainText('44.00')
  await expectAccessible(page, 'export')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ])
  const csv = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\r\n')
  const header = (csv[0] ?? '').split(',').map((h) => h.replaceAll('"', ''))
  const rows = csv.slice(1).map((line) => line.split(',').map((f) => f.replaceAll('"', '')))
  const col = (name: string) => header.indexOf(name)
  const sum = (type: string) =>
    rows
      .filter((r) => r[col('type')] === type && r[col('status')] === 'succeeded')
      .reduce((cents, r) => cents + Math.round(Number(r[col('amount')]) * 100), 0)
  expect([sum('payment'), sum('refund')]).toEqual([8800, 4400])

  for (const [section, what] of [
    ['Needs attention', 'attention'],
    ['Settings', 'settings'],
  ] as const) {
    await page.getByRole('navigation').getByRole('link', { name: section }).click()
    await expect(page.getByRole('heading', { level: 1, name: section })).toBeVisible()
    await expectAccessible(page, what)
  }
  await page.getByRole('button', { name: 'Run the checks that place no order' }).click()
  await expect(page.locator('#check')).toContainText('gateway.reachable')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expectAccessible(page, 'settings, dark')
  await openSession(page, reference)
  await expectAccessible(page, 'payment detail, dark')
  await context.close()
})

test('a staff member refunds within their limit, and is refused above it beside the amount', async ({
  browser,
}) => {
  test.slow()
  const reference = `e2e-staff-${Date.now()}`
  await paidSession(signer.url, API_KEY, { amount: '30.00', reference })
  const ownerContext = await browser.newContext()
  const owner = await enrolledPage(ownerContext, 'owner', 'Otto Owner')
  const staffContext = await browser.newContext(androidPhone())
  const staff = await enrolledPage(staffContext, 'staff', 'Stella Staff')

  await owner.getByRole('navigation').getByRole('link', { name: 'Users' }).click()
  await owner.getByLabel('Refund limit (Stella Staff)').fill('10')
  await owner
    .getByRole('row', { name: /Stella Staff/ })
    .getByRole('button', { name: 'Save' })
    .click()
  await expect(owner.getByText('Saved.')).toBeVisible()

  await openSession(staff, reference)
  await staff.getByLabel('Amount to refund (HKD)').fill('20.00')
  await staff.getByRole('button', { name: 'Continue' }).click()
  await staff.getByRole('button', { name: 'Confirm with passkey and refund' }).click()
  const amount = staff.getByLabel('Amount to refund (HKD)')
  await expect(staff.locator('#err-amount')).toContainText('above your refund limit of 10.00')
  await expect(amount).toHaveAttribute('aria-describedby', 'err-amount')
  await expectAccessible(staff, 'refund refused above the limit')

  await amount.fill('8.00')
  await staff.getByRole('button', { name: 'Continue' }).click()
  await staff.getByRole('button', { name: 'Confirm with passkey and refund' }).click()
  await expect(staff.locator('#live')).toContainText('Refund sent; it is succeeded.', {
    timeout: 30_000,
  })
  await expect(staff.locator('#refundable')).toContainText('HKD 22.00')
  await ownerContext.close()
  await staffContext.close()
})
