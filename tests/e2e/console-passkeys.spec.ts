import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { type BrowserContext, expect, type Page, test } from '@playwright/test'
import { freePort } from '../../scripts/free-port.mjs'
import { type SignerProcess, startSignerProcess } from '../../scripts/node-process.mjs'
import { androidPhone } from '../support/devices.js'

/**
 * The merchant console in Chromium with a virtual authenticator (the DevTools protocol's WebAuthn
 * domain): the first owner's invite from `eftpay-signer console invite`, enrolment, sign-out,
 * sign-in with the passkey, the audit log showing it; axe on every screen, light and dark; the
 * strict CSP never violated. Its own signer (sandbox mode), so the console's port is known.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url))
let dataDir = ''
let signer: SignerProcess
let consoleUrl = ''
let env: Record<string, string> = {}

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'eftpay-console-e2e-'))
  const consolePort = await freePort()
  consoleUrl = `http://localhost:${consolePort}`
  env = {
    DATABASE_URL: `sqlite:${join(dataDir, 'signer.db')}`,
    CONSOLE_PORT: String(consolePort),
    LOG_LEVEL: 'warn',
  }
  signer = await startSignerProcess({ env, port: await freePort() })
})

test.afterAll(async () => {
  await signer?.stop()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

/** `eftpay-signer console invite`, as an operator runs it on the server; returns the link. */
function invite(role: 'owner' | 'staff', name: string): string {
  const run = spawnSync(
    process.execPath,
    ['signer/bin/eftpay-signer.mjs', 'console', 'invite', '--role', role, '--name', name],
    { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8' },
  )
  expect(run.status, run.stderr).toBe(0)
  const link = run.stdout.split('\n').find((line) => line.startsWith(consoleUrl))
  expect(link, run.stdout).toBeTruthy()
  return link ?? ''
}

async function withPasskeys(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
}

/** Records CSP violations and script errors, to assert none happened. */
async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused/.test(message.text()))
      problems.push(message.text())
  })
  page.on('pageerror', (error) => problems.push(error.message))
  return problems
}

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  )
  expect(summary, what).toEqual([])
}

test('invite → enrol → sign out → sign in → the audit log shows it; axe on every screen', async ({
  browser,
}) => {
  // Seven axe runs and three passkey ceremonies: well over the default minute on a busy machine.
  test.setTimeout(180_000)
  const context = await browser.newContext(androidPhone())
  const page = await context.newPage()
  await withPasskeys(context, page)
  const problems = await watchProblems(page)

  await page.goto(invite('owner', 'Olivia Owner'))
  await expect(page.getByRole('heading', { name: 'Enrol' })).toBeVisible()
  await expect(page.getByText('This invite makes Olivia Owner a console owner')).toBeVisible()
  await expectNoViolations(page, 'enrol')
  await page.getByRole('button', { name: 'Create a passkey' }).click()

  const nav = page.getByRole('navigation', { name: 'Console sections' })
  await expect(nav.getByRole('link', { name: 'Users' })).toBeVisible()
  for (const section of ['Payments', 'Needs attention', 'Webhooks', 'Export', 'Settings'])
    await expect(nav.getByRole('link', { name: section })).toBeVisible()
  await expectNoViolations(page, 'shell (payments placeholder)')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await expectNoViolations(page, 'sign-in')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expectNoViolations(page, 'sign-in, dark')
  await page.emulateMedia({ colorScheme: 'light' })

  await page.getByRole('button', { name: 'Sign in with a passkey' }).click()
  await nav.getByRole('link', { name: 'Audit log' }).click()
  await expect(page).toHaveURL(/\/audit$/)
  const log = page.getByRole('table')
  await expect(log.getByText('user.enrolled')).toBeVisible()
  await expect(log.getByText('session.signed_out')).toBeVisible()
  await expect(log.getByText('session.signed_in')).toBeVisible()
  await expectNoViolations(page, 'audit log')

  await nav.getByRole('link', { name: 'Users' }).click()
  await page.getByLabel('Name', { exact: true }).fill('Sam Staff')
  await page.getByRole('button', { name: 'Make an invite link' }).click()
  await expect(page.locator('#invite-link')).toContainText(`${consoleUrl}/enrol#`)
  await expectNoViolations(page, 'users')
  await page.emulateMedia({ colorScheme: 'dark' })
  await expectNoViolations(page, 'users, dark')

  expect(problems).toEqual([])
  await context.close()
})

test('a staff member enrols from an owner-made link and sees neither users nor the audit log', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await withPasskeys(context, page)
  await page.goto(invite('staff', 'Sam Staff'))
  await page.getByRole('button', { name: 'Create a passkey' }).click()
  const nav = page.getByRole('navigation', { name: 'Console sections' })
  await expect(nav.getByRole('link', { name: 'Payments' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0)
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0)
  // The server refuses as well as the page hiding it.
  const answer = await page.request.get(`${consoleUrl}/console/api/users`)
  expect(answer.status()).toBe(403)
  await context.close()
})

test('an invite link used twice is refused on the page', async ({ browser }) => {
  const link = invite('staff', 'Once Only')
  const first = await browser.newContext()
  const page = await first.newPage()
  await withPasskeys(first, page)
  await page.goto(link)
  await page.getByRole('button', { name: 'Create a passkey' }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await first.close()
  const second = await browser.newContext()
  const again = await second.newPage()
  await again.goto(link)
  await expect(again.getByRole('alert')).toContainText('has been used or has expired')
  await second.close()
})

test('the console speaks zh-HK and zh-CN, with the widget’s fallback for other Chinese', async ({
  browser,
}) => {
  for (const [locale, heading] of [
    ['zh-HK', '登入'],
    ['zh-TW', '登入'],
    ['zh-CN', '登录'],
    ['fr-FR', 'Sign in'],
  ] as const) {
    const context = await browser.newContext({ locale })
    const page = await context.newPage()
    await page.goto(consoleUrl)
    await expect(page.getByRole('heading', { name: heading })).toBeVisible()
    if (locale === 'zh-HK') await expectNoViolations(page, 'sign-in in zh-HK')
    await context.close()
  }
})

test('the sandbox demo opens signed in as a clearly marked demo owner', async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(`${consoleUrl}/?demo`)
  await expect(page.locator('#demo-badge')).toContainText('Demo owner')
  await expectNoViolations(page, 'shell as the demo owner')
  await context.close()
})
