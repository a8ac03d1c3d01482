import { spawnSync } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { type BrowserContext, expect, type Page } from '@playwright/test'

/**
 * What the console screens' specs share: the operator's invite command, a virtual authenticator,
 * axe, a paid sandbox session made through the signer's API, and a webhook endpoint that says 200.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url))
export const SHOP_ORIGIN = 'http://127.0.0.1:5173'

/** `eftpay-signer console invite`, as an operator runs it on the server; returns the link. */
export function invite(
  env: Record<string, string>,
  consoleUrl: string,
  role: 'owner' | 'staff',
  name: string,
): string {
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

/** The DevTools protocol's virtual authenticator: passkeys that verify the user. */
export async function withPasskeys(context: BrowserContext, page: Page): Promise<void> {
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

export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  )
  expect(summary, what).toEqual([])
}

/** A session paid in the sandbox: created with the API key, paid on the sandbox's pay page. */
export async function paidSession(
  signerUrl: string,
  apiKey: string,
  fields: { amount: string; reference: string },
): Promise<{ id: string }> {
  const created = await fetch(`${signerUrl}/v1/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ...fields,
      currency: 'HKD',
      subject: 'Tea for two',
      success_url: `${SHOP_ORIGIN}/thanks`,
      cancel_url: `${SHOP_ORIGIN}/cart`,
    }),
  })
  expect(created.status).toBe(201)
  const session = (await created.json()) as { id: string; client_secret: string }
  const started = await fetch(`${signerUrl}/v1/sessions/${session.id}/payments`, {
    method: 'POST',
    headers: { origin: SHOP_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({
      client_secret: session.client_secret,
      wallet: 'ALIPAYHK',
      device: { os: 'android', mobile: true, in_app: 'none' },
      lang: 'en',
    }),
  })
  const payment = (await started.json()) as { next_action?: { url: string } }
  const payUrl = payment.next_action?.url ?? ''
  await (await fetch(payUrl)).text()
  await fetch(payUrl, {
    method: 'POST',
    body: new URLSearchParams({ outcome: 'success' }),
    redirect: 'manual',
  })
  await expect
    .poll(async () => {
      const res = await fetch(`${signerUrl}/v1/sessions/${session.id}`, {
        headers: { authorization: `Bearer ${apiKey}` },
      })
      return ((await res.json()) as { status: string }).status
    })
    .toBe('paid')
  return { id: session.id }
}

/** A webhook endpoint answering 200, counting what it received by event type. */
export async function webhookEndpoint() {
  const received: string[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      try {
        received.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string }).type)
      } catch {}
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
