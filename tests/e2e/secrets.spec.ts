import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { androidPhone } from '../support/devices.js'
import { apiKey, demoUrl, sandboxGatewaySecret, webhookSecret } from '../support/env.js'
import { chooseWallet, finishOnPayPage, openShop, returnedSessionId } from '../support/shop.js'

/**
 * The secret never reaches a browser (README.md): no response the browser receives during a
 * whole payment (shop, signer, sandbox pay page, return, success page, merchant view, gateway
 * panel), and no file of the built widget or of the demo's pages, contains the gateway secret,
 * the signer's API key or the webhook secret.
 */

const secrets = (): Record<string, string> => ({
  'gateway secret': sandboxGatewaySecret(),
  'signer API key': apiKey(),
  'webhook secret': webhookSecret(),
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

test.use(androidPhone())

test('no response the browser receives contains a secret', async ({ page }) => {
  const bodies: { url: string; body: string }[] = []
  const reading: Promise<void>[] = []
  page.on('response', (res) => {
    reading.push(
      res.body().then(
        (buf) =>
          void bodies.push({
            url: res.url(),
            body: `${JSON.stringify(res.headers())}\n${buf.toString('utf8')}`,
          }),
        () => undefined, // redirects have no body
      ),
    )
  })

  await openShop(page)
  await chooseWallet(page, 'BOCVMPUPI')
  await finishOnPayPage(page, 'success')
  await returnedSessionId(page, '/success')
  await expect(page.locator('#receipt dd[data-status]')).toHaveAttribute('data-status', 'paid')
  await expect(page.locator('#gateway-log details').first()).toBeVisible() // the signed requests panel
  await page.goto(`${demoUrl()}/merchant`)
  await expect(page.locator('#order-rows tr[data-session-id]').first()).toBeVisible()
  await Promise.all(reading)

  expect(bodies.length).toBeGreaterThan(10)
  expect(bodies.some((b) => b.url.includes('/sandbox/pay/'))).toBe(true)
  expect(bodies.some((b) => b.url.includes('/api/gateway-log') && b.body.includes('"sign"'))).toBe(
    true,
  )
  for (const [name, value] of Object.entries(secrets())) {
    const leaks = bodies.filter((b) => b.body.includes(value)).map((b) => b.url)
    expect(leaks, `${name} sent to the browser`).toEqual([])
  }
})

test('no file of the built widget or of the demo pages contains a secret', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const files = [
    ...filesUnder(join(root, 'widget/dist')),
    ...filesUnder(join(root, 'demo/public')),
    ...filesUnder(join(root, 'demo/pages')),
  ]
  expect(files.some((f) => f.endsWith('eftpay-button.js'))).toBe(true)
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const [name, value] of Object.entries(secrets()))
      expect(text.includes(value), `${name} in ${file}`).toBe(false)
  }
})
