import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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
 * the signer's API key or the webhook secret (nor, in those files, anything shaped like a secret).
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

/**
 * What the file scan looks for: every secret value this repository itself holds (the documented
 * sandbox credentials and the demo's keys: a copy of one in a served file is the likely leak), and
 * the shapes of secrets it cannot know (a merchant's own API key or webhook secret, a private key).
 */
function secretsInFiles(): Record<string, string> {
  const credentials = readFileSync(
    fileURLToPath(new URL('../../signer/src/config/sandbox-credentials.ts', import.meta.url)),
    'utf8',
  )
  const sandboxApiKey = /export const SANDBOX_API_KEY\s*=\s*'([^']+)'/.exec(credentials)?.[1]
  if (!sandboxApiKey)
    throw new Error('SANDBOX_API_KEY not found in signer/src/config/sandbox-credentials.ts')
  return { ...secrets(), 'documented sandbox API key': sandboxApiKey }
}
const SECRET_SHAPES: Record<string, RegExp> = {
  'an API key (sk_…)': /\bsk_(?:live|test|sandbox|demo)_[A-Za-z0-9_]{8,}/,
  'a webhook secret (whsec_…)': /\bwhsec_[A-Za-z0-9_]{8,}/,
  'a private key': /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
}

/** `what in file` for each secret value or shape found in `files`. */
function findSecrets(files: string[]): string[] {
  const found: string[] = []
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    for (const [name, value] of Object.entries(secretsInFiles()))
      if (text.includes(value)) found.push(`${name} in ${file}`)
    for (const [name, shape] of Object.entries(SECRET_SHAPES))
      if (shape.test(text)) found.push(`${name} in ${file}`)
  }
  return found
}

test('no file of the built widget or of the demo pages contains a secret', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const files = [
    ...filesUnder(join(root, 'widget/dist')),
    ...filesUnder(join(root, 'demo/public')),
    ...filesUnder(join(root, 'demo/pages')),
  ]
  expect(files.some((f) => f.endsWith('eftpay-button.js'))).toBe(true)
  expect(findSecrets(files)).toEqual([])
})

test('the file scan finds each secret it looks for, planted in a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-secret-scan-'))
  try {
    const planted = {
      ...secretsInFiles(),
      'an API key (sk_…)': 'sk_live_4f9a2c7e1b8d3a6f',
      'a webhook secret (whsec_…)': 'whsec_Zt8qv3LmX0pR7nW2',
      'a private key': '-----BEGIN EC PRIVATE KEY-----',
    }
    const files = Object.entries(planted).map(([name, value], i) => {
      const file = join(dir, `planted-${i}.js`)
      writeFileSync(file, `const config = { v: ${JSON.stringify(value)} } // ${name}\n`)
      return file
    })
    const found = findSecrets(files)
    for (const [i, name] of Object.keys(planted).entries())
      expect(found, name).toContain(`${name} in ${files[i]}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
