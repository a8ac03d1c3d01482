import { createServer } from 'node:net'
import { SANDBOX_SECRET } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { formatReport } from '../../src/check/cli.js'
import { runCheck } from '../../src/check/run.js'
import { ROUTED_SERVICES } from '../../src/gateway/routing-table.js'
import { useSandboxAndReceiver } from '../sandbox/harness.js'
import { GOOGLE_PAY_ENV, liveEnv, spyingFetch } from './fixtures.js'

/** `eftpay-signer check` against the built-in sandbox, a sandbox with faults, and a closed port. */

const setup = useSandboxAndReceiver()
const now = () => new Date()

type Report = Awaited<ReturnType<typeof runCheck>>
const line = (report: Report, id: string) => report.lines.find((l) => l.id === id)

function expectNoSecret(report: Report, secret: string) {
  expect(formatReport(report)).not.toContain(secret)
  expect(JSON.stringify(report)).not.toContain(secret)
}

describe('eftpay-signer check', () => {
  it('passes against the built-in sandbox (no EFTPAY_GATEWAY_URL), one line per route', async () => {
    const report = await runCheck({ env: {} })
    expect(report.ok, formatReport(report)).toBe(true)
    expect(report.lines.map((l) => l.id)).toEqual(
      expect.arrayContaining([
        'config',
        'gateway.reachable',
        'gateway.credentials',
        'gateway.clock',
        'wallet.ALIPAYHK.desktop',
        'wallet.ALIPAYHK.phone',
        'wallet.WECHATHK.wechat-browser',
        'wallet.PAYME.desktop',
        'wallet.PAYME.phone',
        'wallet.BOCVMPUPI.desktop',
        'wallet.BOCVMPUPI.app',
        'wallet.OCT.desktop',
        'wallet.APPLEPAY',
        'wallet.GOOGLEPAY',
        'public-url',
      ]),
    )
    expect(line(report, 'wallet.OCT.desktop')?.message).toMatch(
      /sent service\.oct\.online\.PreOrder \(WEB\): return_status 00/,
    )
    expect(line(report, 'wallet.OCT.desktop')?.message).toContain(
      'refund service service.oct.online.Refund (default)',
    )
    // Sandbox mode cannot show wrong credentials, and says how to see them.
    expect(line(report, 'gateway.credentials')).toMatchObject({ status: 'skip' })
    expect(line(report, 'gateway.credentials')?.message).toContain('pnpm --dir sandbox start')
    expect(line(report, 'gateway.credentials')?.message).toContain('EFTPAY_GATEWAY_URL=')
    expectNoSecret(report, SANDBOX_SECRET)
  })

  it('sends every route the signer can send, token services included', async () => {
    const { h } = await setup({ clock: now })
    // The storefront serves its Apple Pay domain file.
    const { sent, spy } = spyingFetch((input, init) =>
      String(input).startsWith('https://shop.example/')
        ? Promise.resolve(new Response('association'))
        : fetch(input, init),
    )
    const report = await runCheck({
      env: liveEnv(h.gatewayUrl, {
        EFTPAY_WALLETS:
          'ALIPAYHK,WECHATHK,PAYME,OCT,BOCVMPUPI,UNIONPAY,ICBCWAP,MPGS,AE,APPLEPAY,GOOGLEPAY',
        APPLE_PAY_MERCHANT_ID: 'merchant.example.shop',
        APPLE_PAY_DOMAIN: 'shop.example',
        APPLE_PAY_CERT: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----',
        APPLE_PAY_KEY: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----',
        ...GOOGLE_PAY_ENV,
      }),
      fetch: spy,
    })
    const routes = new Set(sent.filter((b) => b.service).map((b) => `${b.service} ${b.pay_scene}`))
    expect([...routes].sort()).toEqual(
      [
        'service.alipay.wap.PreOrder WAP',
        'service.alipay.web.PreOrder WEB',
        'service.wechat.web.MobileH5 WEB',
        'service.wechat.web.PreOrder WEB',
        'service.wechat.oauth2.Authorize WXWEB',
        'service.payme.web.PreOrder WEB',
        'service.payme.web.PreOrder APP',
        'service.oct.online.PreOrder WEB',
        'service.bocvmp.upi.wap.PreOrder H5',
        'service.bocvmp.upi.wap.PreOrder APP',
        'service.unionpay.online.web.PreOrder ONLINE_WEB',
        'service.icbc.wap.PreOrder WEB',
        'service.mpgs.web.PreOrder WEB',
        'service.ae.web.PreOrder WEB',
        'service.mpgs.token.ApplePay TOKEN_APPLE_PAY',
        'service.mpgs.token.GooglePay TOKEN_GOOGLE_PAY',
      ].sort(),
    )
    expect(new Set(sent.map((b) => b.service).filter(Boolean))).toEqual(new Set(ROUTED_SERVICES))
    // Each order is queried: one query per order, and one for reachability.
    const orders = sent.filter((b) => b.service).length
    expect(sent.filter((b) => b.querytype).length).toBe(orders + 1)
    expect(report.ok, formatReport(report)).toBe(true)
    // The token payments were made, with a test token the gateway declines.
    expect(line(report, 'wallet.APPLEPAY')?.message).toContain(
      'the test token was declined (TRADE_CLOSED)',
    )
    expect(line(report, 'wallet.GOOGLEPAY')?.message).toContain(
      'the test token was declined (TRADE_CLOSED)',
    )
    expect(
      sent.find((b) => b.service === 'service.bocvmp.upi.wap.PreOrder' && b.pay_scene === 'APP'),
    ).toMatchObject({
      app_link: 'https://shop.example/',
    })
  })

  it('fails a reply the gateway client itself rejects (a 120-character return_char)', async () => {
    const { h } = await setup({ clock: now })
    await h.faults({
      servlet: 'JSAPIService.do',
      count: 1,
      add_fields: { return_char: 'x'.repeat(120) },
    })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl, { EFTPAY_WALLETS: 'OCT' }) })
    expect(line(report, 'wallet.OCT.desktop')).toMatchObject({ status: 'fail' })
    expect(line(report, 'wallet.OCT.desktop')?.message).toContain(
      "the signer's gateway client rejects the reply: eftPay's reply has a malformed return_char",
    )
    expect(report.ok).toBe(false)
  })

  it('passes gateway.reachable only on a reply whose signature verified', async () => {
    const { h } = await setup({ clock: now })
    await h.faults({ servlet: 'QRcodeTradeQuery.do', count: 1, drop_fields: ['sign'] })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl) })
    expect(line(report, 'gateway.reachable')).toMatchObject({ status: 'fail' })
    expect(line(report, 'gateway.reachable')?.message).toContain('without a signature')
    expect(line(report, 'wallet.OCT.desktop')?.message).toContain('not tried')
    expect(report.ok).toBe(false)
  })

  it('passes against a running sandbox and names the signature variant that verified', async () => {
    const { h } = await setup({ clock: now })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl) })
    expect(report.ok, formatReport(report)).toBe(true)
    expect(line(report, 'gateway.credentials')).toMatchObject({ status: 'pass' })
    expect(line(report, 'wallet.ALIPAYHK.phone')?.message).toContain(
      'signature verified with empty values dropped',
    )
  })

  it('says so when the gateway signs with empty values kept', async () => {
    const { h } = await setup({ clock: now, signVariant: 'empty-kept' })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl) })
    expect(report.ok).toBe(true)
    expect(line(report, 'wallet.ALIPAYHK.phone')?.message).toContain(
      'signature verified with empty values kept (k=)',
    )
  })

  it('names a field it does not know (a warning) and one that is missing (a failure)', async () => {
    const { h } = await setup({ clock: now })
    await h.faults({ add_fields: { settlement_hint: 'x' } })
    const unknown = await runCheck({ env: liveEnv(h.gatewayUrl, { EFTPAY_WALLETS: 'OCT' }) })
    expect(line(unknown, 'wallet.OCT.desktop')).toMatchObject({ status: 'warn' })
    expect(line(unknown, 'wallet.OCT.desktop')?.message).toContain(
      'unknown fields: settlement_hint',
    )
    expect(unknown.ok).toBe(true)
    await fetch(`${h.sandboxUrl}/faults`, { method: 'DELETE' })
    await h.faults({ servlet: 'JSAPIService.do', drop_fields: ['eft_trade_no'] })
    const missing = await runCheck({ env: liveEnv(h.gatewayUrl, { EFTPAY_WALLETS: 'OCT' }) })
    expect(line(missing, 'wallet.OCT.desktop')?.message).toContain('lacks a valid eft_trade_no')
    expect(missing.ok).toBe(false)
  })

  it('fails on a wrong reply signature and says so', async () => {
    const { h } = await setup({ clock: now })
    await h.faults({ wrong_signature: true })
    const report = await runCheck({ env: liveEnv(h.gatewayUrl) })
    expect(report.ok).toBe(false)
    expect(line(report, 'gateway.reachable')).toMatchObject({ status: 'fail' })
    expect(line(report, 'gateway.reachable')?.message).toContain('check EFTPAY_SECRET')
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
    expect(line(report, 'wallet.ALIPAYHK.phone')?.message).toContain(
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
