import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, SANDBOX_API_KEY } from './index.js'

const LIVE = {
  EFTPAY_GATEWAY_URL: 'https://vmp.eftpay.com.cn/VMP',
  EFTPAY_USER_KEY: 'S0004152',
  EFTPAY_SECRET: 'live-secret-value-123',
  SIGNER_API_KEY: 'sk_live_0123456789abcdef0123456789',
  PUBLIC_URL: 'https://pay.example.com',
  ALLOWED_ORIGINS: 'https://shop.example.com',
  EFTPAY_WALLETS: 'ALIPAYHK,WECHATHK',
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { readFile: () => 'file content' })
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as ConfigError).problems
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('runs in sandbox mode with documented defaults when nothing is set', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      mode: 'sandbox',
      port: 8787,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8787',
      gatewayUrl: 'http://127.0.0.1:8787/sandbox/VMP',
      userKey: SANDBOX_USER_KEY,
      secret: SANDBOX_SECRET,
      apiKey: SANDBOX_API_KEY,
      apiKeyIsDefault: true,
      allowedOrigins: ['http://localhost:*', 'http://127.0.0.1:*'],
      databaseUrl: 'sqlite:./data/signer.db',
    })
    expect(config.wallets).toContain('ALIPAYHK')
    expect(config.applePay.enabled).toBe(true)
  })

  it('reads a complete live configuration', () => {
    const config = loadConfig({
      ...LIVE,
      EFTPAY_WALLETS: 'WECHATHK,ALIPAYHK',
      EFTPAY_SECRET_PREVIOUS: 'old-1, old-2',
      PORT: '9000',
    })
    expect(config.mode).toBe('live')
    expect(config.gatewayUrl).toBe('https://vmp.eftpay.com.cn/VMP')
    expect(config.wallets).toEqual(['WECHATHK', 'ALIPAYHK'])
    expect(config.applePay.enabled).toBe(false)
    expect(config.previousSecrets).toEqual(['old-1', 'old-2'])
    expect(config.port).toBe(9000)
  })

  it('refuses, in live mode, a plain-http gateway and the documented sandbox API key', () => {
    const problems = problemsOf({
      ...LIVE,
      EFTPAY_GATEWAY_URL: 'http://vmp.eftpay.com.cn/VMP',
      SIGNER_API_KEY: SANDBOX_API_KEY,
    })
    expect(problems).toHaveLength(2)
    expect(problems.join('\n')).toMatch(
      /EFTPAY_GATEWAY_URL must use https[\s\S]*SIGNER_API_KEY is the documented sandbox key/,
    )
    // A live signer against a standalone sandbox (sandbox README) keeps the sandbox secret.
    expect(
      loadConfig({
        ...LIVE,
        EFTPAY_GATEWAY_URL: 'http://127.0.0.1:9999/sandbox/VMP',
        EFTPAY_SECRET: SANDBOX_SECRET,
      }).secret,
    ).toBe(SANDBOX_SECRET)
    // A gateway on this machine (a local simulator in tests) may stay plain http.
    expect(
      loadConfig({ ...LIVE, EFTPAY_GATEWAY_URL: 'http://127.0.0.1:9999/sandbox/VMP' }).gatewayUrl,
    ).toBe('http://127.0.0.1:9999/sandbox/VMP')
  })

  it('refuses a user name or password in PUBLIC_URL, naming the variable and never the value', () => {
    const problems = problemsOf({
      ...LIVE,
      PUBLIC_URL: 'https://ops:hunter2-secret@pay.example.com',
    })
    expect(problems.join(' ')).toMatch(/PUBLIC_URL must not contain a user name or password/)
    expect(problems.join(' ')).not.toContain('hunter2-secret')
  })

  it('lists every problem at once, each saying what to set', () => {
    const problems = problemsOf({
      EFTPAY_GATEWAY_URL: 'https://vmp.eftpay.com.cn/VMP',
      PORT: 'eighty',
      PUBLIC_URL: 'http://pay.example.com',
      EFTPAY_WALLETS: 'ALIPAYHK,BITCOIN',
      MERCHANT_WEBHOOK_URL: 'https://shop.example.com/hooks',
      DATABASE_URL: 'mysql://x',
    })
    const text = problems.join('\n')
    for (const name of [
      'PORT',
      'PUBLIC_URL',
      'EFTPAY_USER_KEY',
      'EFTPAY_SECRET',
      'SIGNER_API_KEY',
      'ALLOWED_ORIGINS',
      'BITCOIN',
      'MERCHANT_WEBHOOK_SECRET',
      'DATABASE_URL',
    ]) {
      expect(text).toContain(name)
    }
    expect(problems.length).toBeGreaterThanOrEqual(9)
  })

  it('refuses plain-http PUBLIC_URL in live mode, except localhost', () => {
    expect(problemsOf({ ...LIVE, PUBLIC_URL: 'http://pay.example.com' }).join()).toMatch(
      /PUBLIC_URL must use https/,
    )
    expect(loadConfig({ ...LIVE, PUBLIC_URL: 'http://localhost:8787' }).publicUrl).toBe(
      'http://localhost:8787',
    )
    expect(loadConfig({ ...LIVE, PUBLIC_URL: 'http://127.0.0.1:8787/' }).publicUrl).toBe(
      'http://127.0.0.1:8787',
    )
  })

  it('requires credentials and the API key in live mode', () => {
    const { EFTPAY_USER_KEY: _u, EFTPAY_SECRET: _s, SIGNER_API_KEY: _k, ...rest } = LIVE
    const text = problemsOf(rest).join('\n')
    expect(text).toContain('EFTPAY_USER_KEY is required')
    expect(text).toContain('EFTPAY_SECRET is required')
    expect(text).toContain('SIGNER_API_KEY is required')
  })

  it('never prints a secret value in its problems', () => {
    const error = (() => {
      try {
        loadConfig({
          ...LIVE,
          SIGNER_API_KEY: 'short-key',
          MERCHANT_WEBHOOK_SECRET: 'tiny-hook-secret',
          EFTPAY_USER_KEY: 'TOO-LONG-USER-KEY-X',
        })
      } catch (e) {
        return e as ConfigError
      }
      throw new Error('expected a ConfigError')
    })()
    expect(error.problems.length).toBe(3)
    for (const secret of [
      'short-key',
      'tiny-hook-secret',
      'TOO-LONG-USER-KEY-X',
      'live-secret-value-123',
    ]) {
      expect(error.message).not.toContain(secret)
    }
  })

  it('wants webhook URL and secret together', () => {
    expect(problemsOf({ MERCHANT_WEBHOOK_SECRET: 'a'.repeat(32) }).join()).toContain(
      'MERCHANT_WEBHOOK_URL is required',
    )
    expect(
      loadConfig({
        MERCHANT_WEBHOOK_URL: 'http://127.0.0.1:9/h',
        MERCHANT_WEBHOOK_SECRET: 'a'.repeat(32),
      }).webhook?.url,
    ).toBe('http://127.0.0.1:9/h')
  })

  it('names the unknown wallet and accepts APPLEPAY', () => {
    expect(problemsOf({ EFTPAY_WALLETS: 'ALIPAYHK,VENMO' })).toEqual([
      expect.stringContaining('"VENMO"'),
    ])
    const config = loadConfig({ EFTPAY_WALLETS: 'APPLEPAY,OCT' })
    expect(config.wallets).toEqual(['OCT'])
    expect(config.applePay.enabled).toBe(true)
  })

  it('refuses origins that are not origins', () => {
    expect(problemsOf({ ALLOWED_ORIGINS: 'https://shop.example.com/path,ftp://x' })).toHaveLength(2)
  })

  it('asks for the Apple Pay identity in live mode when APPLEPAY is enabled', () => {
    const text = problemsOf({ ...LIVE, EFTPAY_WALLETS: 'ALIPAYHK,APPLEPAY' }).join('\n')
    for (const name of [
      'APPLE_PAY_MERCHANT_ID',
      'APPLE_PAY_CERT',
      'APPLE_PAY_KEY',
      'APPLE_PAY_DOMAIN',
    ])
      expect(text).toContain(name)
  })

  it('asks for both Google Pay merchant ids in live mode when GOOGLEPAY is enabled', () => {
    const problems = problemsOf({ ...LIVE, EFTPAY_WALLETS: 'ALIPAYHK,GOOGLEPAY' })
    expect(problems).toEqual([
      expect.stringMatching(/^GOOGLE_PAY_MERCHANT_ID is required for Google Pay in live mode/),
      expect.stringMatching(/^GOOGLE_PAY_GATEWAY_MERCHANT_ID is required for Google Pay/),
    ])
    const config = loadConfig({
      ...LIVE,
      EFTPAY_WALLETS: 'GOOGLEPAY',
      GOOGLE_PAY_MERCHANT_ID: 'BCR2DN4TWXYZ1234',
      GOOGLE_PAY_GATEWAY_MERCHANT_ID: 'TESTEFTPAY01',
      GOOGLE_PAY_CARD_NETWORKS: 'visa, mastercard',
      GOOGLE_PAY_AUTH_METHODS: 'CRYPTOGRAM_3DS',
    })
    expect(config.googlePay).toEqual({
      enabled: true,
      merchantId: 'BCR2DN4TWXYZ1234',
      gatewayMerchantId: 'TESTEFTPAY01',
      cardNetworks: ['VISA', 'MASTERCARD'],
      authMethods: ['CRYPTOGRAM_3DS'],
    })
    // Unset wallets in live mode leave Google Pay off: older live settings keep loading.
    expect(loadConfig({ ...LIVE, EFTPAY_WALLETS: 'ALIPAYHK' }).googlePay.enabled).toBe(false)
  })

  it('refuses unknown Google Pay card networks and auth methods, naming the variable', () => {
    const problems = problemsOf({
      GOOGLE_PAY_CARD_NETWORKS: 'VISA,UNIONPAY',
      GOOGLE_PAY_AUTH_METHODS: '',
      GOOGLE_PAY_GATEWAY_MERCHANT_ID: 'has spaces',
    })
    expect(problems.join('\n')).toContain('GOOGLE_PAY_CARD_NETWORKS must list')
    expect(problems.join('\n')).toContain('GOOGLE_PAY_GATEWAY_MERCHANT_ID must be')
  })

  it('takes Apple Pay PEM inline or from a file', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----'
    const config = loadConfig(
      {
        APPLE_PAY_CERT: pem,
        APPLE_PAY_KEY: '/etc/signer/key.pem',
        APPLE_PAY_DOMAIN_ASSOCIATION: './assoc.txt',
      },
      { readFile: (path) => `content of ${path}` },
    )
    expect(config.applePay.cert).toBe(pem)
    expect(config.applePay.key).toBe('content of /etc/signer/key.pem')
    expect(config.applePay.domainAssociation).toBe('content of ./assoc.txt')
    const unreadable = (() => {
      try {
        loadConfig(
          { APPLE_PAY_KEY: '/nope.pem' },
          {
            readFile: () => {
              throw new Error('ENOENT')
            },
          },
        )
      } catch (e) {
        return (e as ConfigError).problems
      }
      return []
    })()
    expect(unreadable).toEqual([expect.stringContaining('APPLE_PAY_KEY')])
  })
})
