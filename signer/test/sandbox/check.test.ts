import { createServer } from 'node:net'
import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { formatReport } from '../../src/check/cli.js'
import { runCheck } from '../../src/check/run.js'
import { useSandboxAndReceiver } from './harness.js'

/** `eftpay-signer check` against the built-in sandbox, a sandbox with faults, and a closed port. */

const setup = useSandboxAndReceiver()
const now = () => new Date()

function liveEnv(gatewayUrl: string, extra: Record<string, string> = {}) {
  return {
    EFTPAY_GATEWAY_URL: gatewayUrl,
    EFTPAY_USER_KEY: SANDBOX_USER_KEY,
    EFTPAY_SECRET: SANDBOX_SECRET,
    SIGNER_API_KEY: 'check-test-api-key-0123456789abcdef',
    PUBLIC_URL: 'https://shop.example',
    ALLOWED_ORIGINS: 'https://shop.example',
    EFTPAY_WALLETS: 'ALIPAYHK,OCT',
    ...extra,
  }
}

const line = (report: Awaited<ReturnType<typeof runCheck>>, id: string) =>
  report.lines.find((l) => l.id === id)

function expectNoSecret(report: Awaited<ReturnType<typeof runCheck>>, secret: string) {
  expect(formatReport(report)).not.toContain(secret)
  expect(JSON.stringify(report)).not.toContain(secret)
}

describe('eftpay-signer check', () => {
  it('passes against the built-in sandbox (no EFTPAY_GATEWAY_URL), one line per check', async () => {
    const report = await runCheck({ env: {} })
    expect(report.ok).toBe(true)
    expect(report.lines.map((l) => l.id)).toEqual(
      expect.arrayContaining([
        'config',
        'gateway.reachable',
        'gateway.clock',
        'wallet.ALIPAYHK',
        'wallet.OCT',
        'wallet.APPLEPAY',
        'wallet.GOOGLEPAY',
        'public-url',
      ]),
    )
    // Google Pay: the settings are checked; a payment cannot be placed without a real token.
    expect(line(report, 'wallet.GOOGLEPAY')?.message).toMatch(
      /^GOOGLEPAY: not placed .* service\.mpgs\.token\.GooglePay with pay_scene TOKEN_GOOGLE_PAY; refund service service\.mpgs\.web\.Refund; .*gateway mpgs merchant eftpay-sandbox/,
    )
    expect(line(report, 'wallet.OCT')?.message).toMatch(
      /sent service\.oct\.online\.PreOrder \(WEB\): return_status 00/,
    )
    expect(line(report, 'wallet.OCT')?.message).toContain(
      'refund service service.oct.online.Refund (default)',
    )
    expectNoSecret(report, SANDBOX_SECRET)
  })

  it('passes against a running sandbox and names the signature variant that verified', async () => {
    const { h } = await setup({ clock: now })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl) })
    expect(report.ok, formatReport(report)).toBe(true)
    expect(line(report, 'wallet.ALIPAYHK')?.message).toContain(
      'signature verified with empty values dropped',
    )
  })

  it('says so when the gateway signs with empty values kept', async () => {
    const { h } = await setup({ clock: now, signVariant: 'empty-kept' })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl) })
    expect(report.ok).toBe(true)
    expect(line(report, 'wallet.ALIPAYHK')?.message).toContain(
      'signature verified with empty values kept (k=)',
    )
    expect(line(report, 'wallet.ALIPAYHK')?.details).toMatchObject({
      preorder: { signature: 'as-received' },
    })
  })

  it('names a field it does not know (a warning) and one that is missing (a failure)', async () => {
    const { h } = await setup({ clock: now })
    await h.faults({ add_fields: { settlement_hint: 'x' } })
    const unknown = await runCheck({ env: liveEnv(h.gatewayUrl, { EFTPAY_WALLETS: 'ALIPAYHK' }) })
    expect(line(unknown, 'wallet.ALIPAYHK')).toMatchObject({ status: 'warn' })
    expect(line(unknown, 'wallet.ALIPAYHK')?.message).toContain('unknown fields: settlement_hint')
    expect(unknown.ok).toBe(true)
    await fetch(`${h.sandboxUrl}/faults`, { method: 'DELETE' })
    await h.faults({ servlet: 'JSAPIService.do', drop_fields: ['eft_trade_no'] })
    const missing = await runCheck({ env: liveEnv(h.gatewayUrl, { EFTPAY_WALLETS: 'ALIPAYHK' }) })
    expect(line(missing, 'wallet.ALIPAYHK')?.message).toContain('missing fields: eft_trade_no')
    expect(missing.ok).toBe(false)
  })

  it('fails on a wrong reply signature and says so', async () => {
    const { h } = await setup({ clock: now })
    await h.faults({ wrong_signature: true })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl) })
    expect(report.ok).toBe(false)
    expect(line(report, 'wallet.ALIPAYHK')).toMatchObject({ status: 'fail' })
    expect(line(report, 'wallet.ALIPAYHK')?.message).toContain(
      'reply signature WRONG (check EFTPAY_SECRET)',
    )
    expectNoSecret(report, SANDBOX_SECRET)
  })

  it('fails within 30 s on a closed port, saying the gateway is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const started = Date.now()
    const report = await runCheck({
      env: liveEnv(`http://127.0.0.1:${port}/VMP`, {
        EFTPAY_SECRET: 'a-live-looking-secret-value',
      }),
    })
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(report.ok).toBe(false)
    expect(line(report, 'gateway.reachable')?.message).toMatch(
      /^gateway unreachable \(ECONNREFUSED\)/,
    )
    expect(line(report, 'wallet.ALIPAYHK')?.message).toContain(
      'not tried, the gateway is unreachable',
    )
    expectNoSecret(report, 'a-live-looking-secret-value')
  })

  it('checks PUBLIC_URL (https, port 80/443) and the Apple Pay domain file', async () => {
    const { h } = await setup({ clock: now })
    const served: string[] = []
    const fakeSite: typeof fetch = async (input, init) => {
      const url = String(input)
      if (!url.startsWith('https://shop.example:8443/')) return fetch(input, init)
      served.push(url)
      return new Response('not here', { status: 404 })
    }
    const report = await runCheck({
      env: liveEnv(h.gatewayUrl, {
        PUBLIC_URL: 'https://shop.example:8443',
        EFTPAY_WALLETS: 'ALIPAYHK,APPLEPAY',
        APPLE_PAY_MERCHANT_ID: 'merchant.example.shop',
        APPLE_PAY_DOMAIN: 'shop.example',
        APPLE_PAY_CERT: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
        APPLE_PAY_KEY: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----',
      }),
      fetch: fakeSite,
    })
    expect(line(report, 'config')).toMatchObject({ status: 'pass' })
    expect(line(report, 'public-url')).toMatchObject({ status: 'fail' })
    expect(line(report, 'public-url')?.message).toContain('port 8443')
    expect(line(report, 'apple-pay.domain-file')).toMatchObject({ status: 'fail' })
    expect(served).toEqual([
      'https://shop.example:8443/.well-known/apple-developer-merchantid-domain-association',
    ])
  })

  it('reports an invalid configuration naming the variable', async () => {
    const report = await runCheck({
      env: { EFTPAY_GATEWAY_URL: 'https://vmp.example/VMP', EFTPAY_APPLE_PAY_SCENE: 'APPLE' },
    })
    expect(report.ok).toBe(false)
    expect(report.lines).toHaveLength(1)
    expect(report.lines[0]?.message).toContain(
      'EFTPAY_APPLE_PAY_SCENE must be one of TOKEN_APPLE_PAY, TOKEN',
    )
    expect(report.lines[0]?.message).toContain('EFTPAY_SECRET is required')
  })
})
