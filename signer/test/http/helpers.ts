import { Writable } from 'node:stream'
import { createApp } from '../../src/app.js'
import { sandboxAppleValidator } from '../../src/apple-pay/merchant-validation.js'
import { createCatalog } from '../../src/catalog/catalog.js'
import type { Config } from '../../src/config/index.js'
import { WALLETS } from '../../src/contract/vocabulary.js'
import { createLogger } from '../../src/observability/logger.js'
import { createMetrics } from '../../src/observability/metrics.js'
import type { AppDeps } from '../../src/routes/deps.js'
import { type FakeService, fakeService } from './fake-service.js'

export const API_KEY = 'sk_test_0123456789abcdef0123456789abcdef'
export const SHOP = 'https://shop.example'
export const NOW = new Date('2026-11-21T12:00:00Z')

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    mode: 'sandbox',
    port: 0,
    host: '127.0.0.1',
    publicUrl: 'http://127.0.0.1:8787',
    gatewayUrl: 'http://127.0.0.1:8787/sandbox/VMP',
    userKey: 'SANDBOX00001',
    secret: 'gateway-secret-never-shown',
    previousSecrets: [],
    apiKey: API_KEY,
    apiKeyIsDefault: false,
    allowedOrigins: [SHOP],
    wallets: [...WALLETS],
    databaseUrl: 'sqlite::memory:',
    applePay: { enabled: true, merchantId: 'merchant.hk.test', domain: 'shop.example' },
    googlePay: {
      enabled: true,
      gatewayMerchantId: 'eftpay-sandbox',
      cardNetworks: ['VISA', 'MASTERCARD', 'AMEX'],
      authMethods: ['PAN_ONLY', 'CRYPTOGRAM_3DS'],
    },
    merchantName: 'Test Tea House',
    rateLimitPerMinute: 1000,
    trustProxy: false,
    sessionLifetimeSeconds: 1800,
    needsAttentionAfterHours: 72,
    consoleHost: '127.0.0.1',
    consoleIdleMinutes: 30,
    consoleSessionHours: 12,
    logLevel: 'info',
    ...overrides,
  }
}

export const testCatalog = () =>
  createCatalog({
    currency: 'HKD',
    products: [
      { sku: 'milk-tea', price: '28.00', subject: 'Milk tea' },
      { sku: 'egg-tart', price: '12.50', subject: 'Egg tart' },
    ],
  })

/** Everything a test app needs, with a fake service and a log captured in memory. */
export function testApp(
  overrides: Partial<Omit<AppDeps, 'config'>> & { config?: Partial<Config> } = {},
) {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const service: FakeService = (overrides.service as FakeService | undefined) ?? fakeService()
  const config = testConfig(overrides.config)
  const deps: AppDeps = {
    clock: () => NOW,
    logger: createLogger({ level: 'info', destination }),
    metrics: createMetrics(),
    catalog: testCatalog(),
    appleValidator: sandboxAppleValidator({
      merchantId: 'merchant.hk.test',
      displayName: 'Test',
      clock: () => NOW,
    }),
    ...withoutConfig(overrides),
    config,
    service,
  }
  const app = createApp(deps)
  return { app, service, deps, lines }
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
})

export const merchant = (body: unknown): RequestInit =>
  json(body, { authorization: `Bearer ${API_KEY}` })

export const SESSION_BODY = {
  amount: '128.00',
  currency: 'HKD',
  subject: 'Tea for two',
  success_url: `${SHOP}/thanks`,
  cancel_url: `${SHOP}/cart`,
}

export const DEVICE = { os: 'ios', mobile: true, in_app: 'none' }

function withoutConfig<T extends { config?: unknown }>(value: T): Omit<T, 'config'> {
  const { config: _config, ...rest } = value
  return rest
}
