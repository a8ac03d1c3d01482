import type { AddressInfo } from 'node:net'
import { createSandbox, SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/index.js'
import { platformChecks } from './platform-checks.js'
import { runCheck } from './run.js'
import type { CheckLine } from './types.js'

/** `check` per platform (docs/protocol.md, "OAPM"): on OAPM in live mode it places no order. */

const ORDER_LINE: CheckLine = { id: 'wallet.ALIPAYHK', status: 'pass', message: 'placed' }

function placing() {
  const calls: string[] = []
  return {
    calls,
    place: async () => {
      calls.push('placed')
      return [ORDER_LINE]
    },
  }
}

function liveEnv(gatewayUrl: string, extra: Record<string, string> = {}) {
  return {
    EFTPAY_PLATFORM: 'oapm',
    EFTPAY_GATEWAY_URL: gatewayUrl,
    EFTPAY_USER_KEY: SANDBOX_USER_KEY,
    EFTPAY_SECRET: SANDBOX_SECRET,
    SIGNER_API_KEY: 'check-test-api-key-0123456789abcdef',
    PUBLIC_URL: 'https://pay.example.com',
    ALLOWED_ORIGINS: 'https://shop.example.com',
    EFTPAY_WALLETS: 'ALIPAYHK,PAYME,APPLEPAY',
    APPLE_PAY_MERCHANT_ID: 'merchant.com.example',
    APPLE_PAY_CERT: '-----BEGIN CERTIFICATE-----',
    APPLE_PAY_KEY: '-----BEGIN PRIVATE KEY-----',
    APPLE_PAY_DOMAIN: 'shop.example.com',
    ...extra,
  }
}

describe('platform checks', () => {
  it('VMP: the wallet checks place their orders, and nothing else is said', async () => {
    const { calls, place } = placing()
    expect(await platformChecks(loadConfig({}), place)).toEqual([ORDER_LINE])
    expect(calls).toEqual(['placed'])
  })

  it('OAPM in sandbox mode: the orders go to the built-in sandbox, with a line saying live places none', async () => {
    const { calls, place } = placing()
    const lines = await platformChecks(loadConfig({ EFTPAY_PLATFORM: 'oapm' }), place)
    expect(calls).toEqual(['placed'])
    expect(lines.map((l) => l.id)).toEqual(['platform', 'wallet.ALIPAYHK'])
    expect(lines[0]?.message).toContain('live, check places none (OAPM has no test environment)')
  })

  it('OAPM live: places no order, says what each wallet would send and what a first live order proves', async () => {
    const { calls, place } = placing()
    const config = loadConfig(
      liveEnv('https://oapm.eftpay.com.hk/OAPM/v1', {
        EFTPAY_REFUND_SERVICES: 'PAYME=service.payme.web.Refund',
      }),
      { readFile: () => '' },
    )
    const lines = await platformChecks(config, place)
    expect(calls).toEqual([])
    const byId = Object.fromEntries(lines.map((l) => [l.id, l]))
    expect(byId['wallet.ALIPAYHK']).toMatchObject({ status: 'skip' })
    expect(byId['wallet.ALIPAYHK']?.message).toBe(
      'ALIPAYHK: not placed (OAPM has no test environment: a PreOrder is a real order); would send service.alipay.wap.PreOrder (WAP); refund service service.common.Refund (OAPM default)',
    )
    expect(byId['wallet.PAYME']?.message).toContain(
      'refund service service.payme.web.Refund (EFTPAY_REFUND_SERVICES)',
    )
    expect(byId['wallet.APPLEPAY']?.message).toContain(
      'would send service.mpgs.token.ApplePay (TOKEN_APPLE_PAY); refund service service.common.Refund',
    )
    const firstOrder = lines.filter((l) => l.id.startsWith('first-order.'))
    expect(firstOrder.map((l) => l.id)).toEqual([
      'first-order.preorder',
      'first-order.notify',
      'first-order.return',
      'first-order.query',
      'first-order.refund',
    ])
    expect(firstOrder.every((l) => l.status === 'warn')).toBe(true)
    expect(byId['first-order.return']?.message).toContain('as query parameters')
    expect(byId['first-order.refund']?.message).toContain('service.common.Refund')
  })

  it('runCheck on OAPM live sends no PreOrder: only a query of an order that does not exist', async () => {
    const root = new Hono()
    const server = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) =>
      server.listening ? resolve() : server.once('listening', () => resolve()),
    )
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`
    const sandbox = createSandbox({
      userKey: SANDBOX_USER_KEY,
      secret: SANDBOX_SECRET,
      clock: () => new Date(),
      publicUrl: base,
      platform: 'oapm',
    })
    root.route('/sandbox', sandbox.app)
    const sent: string[] = []
    const recording: typeof fetch = async (input, init) => {
      const request = new Request(input, init)
      sent.push(`${new URL(request.url).pathname} ${await request.clone().text()}`)
      return fetch(request)
    }
    try {
      const report = await runCheck({ env: liveEnv(`${base}/OAPM/v1`), fetch: recording })
      const byId = Object.fromEntries(report.lines.map((l) => [l.id, l]))
      expect(byId['gateway.reachable']?.status).toBe('pass')
      expect(byId['gateway.clock']?.status).toBe('pass')
      expect(byId.platform?.status).toBe('pass')
      expect(byId['wallet.ALIPAYHK']?.status).toBe('skip')
      const gatewayCalls = sent.filter((s) => s.includes('/Servlet/'))
      expect(gatewayCalls).toHaveLength(1)
      expect(gatewayCalls[0]).toMatch(/^\/sandbox\/OAPM\/v1\/Servlet\/QRcodeTradeQuery\.do /)
      expect(sent.join('\n')).not.toContain('PreOrder')
    } finally {
      sandbox.close()
      server.close()
    }
  })
})
