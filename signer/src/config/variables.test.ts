import { describe, expect, it } from 'vitest'
import { WALLETS } from '../contract/vocabulary.js'
import { originAllowed } from '../middleware/cors.js'
import { type ConfigError, loadConfig, SANDBOX_API_KEY } from './index.js'
import { partnerOf, RULES } from './rules.js'
import type { Group } from './variable.js'
import { VARIABLES, type VariableName } from './variables.js'

const NAMES = Object.keys(VARIABLES) as VariableName[]
const GROUPS: readonly Group[] = ['protocol', 'applePay', 'googlePay']

const LIVE = {
  EFTPAY_GATEWAY_URL: 'https://vmp.eftpay.com.cn/VMP',
  EFTPAY_USER_KEY: 'S0004152',
  EFTPAY_SECRET: 'live-secret-value-123',
  SIGNER_API_KEY: 'sk_live_0123456789abcdef0123456789',
  PUBLIC_URL: 'https://pay.example.com',
  ALLOWED_ORIGINS: 'https://shop.example.com',
  EFTPAY_WALLETS: 'ALIPAYHK',
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { readFile: () => 'file content' })
    return []
  } catch (error) {
    return (error as ConfigError).problems
  }
}

describe('the table of variables', () => {
  it('puts each field once, top level or in a known group', () => {
    const fields = NAMES.flatMap((name) => VARIABLES[name].field ?? [])
    expect(new Set(fields).size).toBe(fields.length)
    for (const field of fields.filter((f) => f.includes('.')))
      expect(GROUPS).toContain(field.split('.')[0])
  })

  it('pairs with variables it has, and says what to set for every required one', () => {
    for (const name of NAMES) {
      const partner = partnerOf(name)
      if (partner) {
        expect(NAMES).toContain(partner)
        expect(VARIABLES[partner].hint, partner).toBeDefined()
      }
      if (VARIABLES[name].required !== 'optional' && !VARIABLES[name].required.startsWith('live,'))
        expect(VARIABLES[name].hint, name).toBeDefined()
    }
  })

  it('fills every field from its row: its fallback when unset', () => {
    const config = loadConfig({}) as unknown as Record<string, Record<string, unknown>>
    for (const name of NAMES) {
      const row = VARIABLES[name]
      if (!row.field) continue
      const [group, field] = row.field.includes('.') ? row.field.split('.') : [undefined, row.field]
      const place = group ? config[group] : config
      const expected = 'sandboxFallback' in row ? row.sandboxFallback : row.fallback
      if (expected === undefined) expect(place, name).not.toHaveProperty(field as string)
      else expect(place?.[field as string], name).toEqual(expected)
    }
  })

  it('fills every field from its row: the value set', () => {
    const config = loadConfig({
      PORT: '9001',
      EFTPAY_APPLE_PAY_SCENE: 'TOKEN',
      APPLE_PAY_DOMAIN: 'shop.example.com',
      GOOGLE_PAY_AUTH_METHODS: 'PAN_ONLY',
      CATALOG_FILE: './catalog.json',
    })
    expect(config.port).toBe(9001)
    expect(config.protocol?.applePayScene).toBe('TOKEN')
    expect(config.applePay.domain).toBe('shop.example.com')
    expect(config.googlePay.authMethods).toEqual(['PAN_ONLY'])
    expect(config.catalogFile).toBe('./catalog.json')
  })
})

describe('the rules across variables', () => {
  it.each([
    [
      'live-mode-needs-its-variables',
      { EFTPAY_GATEWAY_URL: LIVE.EFTPAY_GATEWAY_URL, EFTPAY_WALLETS: 'ALIPAYHK' },
      [
        'EFTPAY_USER_KEY is required in live mode: set it to the user_confirm_key eftPay sent you.',
        'EFTPAY_SECRET is required in live mode: set it to the secret_code eftPay sent you.',
        'SIGNER_API_KEY is required in live mode: set it to a random key of at least 24 characters (e.g. `openssl rand -hex 32`).',
        'PUBLIC_URL is required in live mode: set it to the https URL eftPay and shoppers reach this signer at.',
        'ALLOWED_ORIGINS is required in live mode: set it to your storefront origins, comma separated (e.g. https://shop.example.com).',
      ],
    ],
    [
      'no-sandbox-api-key-in-live-mode',
      { ...LIVE, SIGNER_API_KEY: SANDBOX_API_KEY },
      [
        'SIGNER_API_KEY is the documented sandbox key: set your own random key (e.g. `openssl rand -hex 32`).',
      ],
    ],
    [
      'https-in-live-mode',
      {
        ...LIVE,
        PUBLIC_URL: 'http://pay.example.com',
        MERCHANT_WEBHOOK_URL: 'http://shop.example.com/hooks',
        MERCHANT_WEBHOOK_SECRET: 'a'.repeat(32),
      },
      [
        'PUBLIC_URL must use https in live mode (plain http is allowed only for localhost): eftPay and shoppers reach the signer there.',
        'MERCHANT_WEBHOOK_URL must use https in live mode (plain http only to localhost).',
      ],
    ],
    [
      'applepay-in-live-mode',
      { ...LIVE, EFTPAY_WALLETS: 'APPLEPAY', APPLE_PAY_CERT: '-----BEGIN CERTIFICATE-----' },
      ['APPLE_PAY_MERCHANT_ID', 'APPLE_PAY_KEY', 'APPLE_PAY_DOMAIN'].map(
        (name) =>
          `${name} is required for Apple Pay in live mode (or remove APPLEPAY from EFTPAY_WALLETS).`,
      ),
    ],
    [
      'googlepay-in-live-mode',
      { ...LIVE, EFTPAY_WALLETS: 'GOOGLEPAY', GOOGLE_PAY_MERCHANT_ID: 'BCR2DN4TWXYZ1234' },
      [
        'GOOGLE_PAY_GATEWAY_MERCHANT_ID is required for Google Pay in live mode (or remove GOOGLEPAY from EFTPAY_WALLETS).',
      ],
    ],
    [
      'gateway-url-fits-platform',
      { ...LIVE, EFTPAY_PLATFORM: 'oapm' },
      [
        'EFTPAY_GATEWAY_URL must end in /OAPM/v1 with EFTPAY_PLATFORM=oapm, like https://oapm.eftpay.com.hk/OAPM/v1.',
      ],
    ],
    [
      'gateway-url-fits-platform',
      { ...LIVE, EFTPAY_GATEWAY_URL: 'https://oapm.eftpay.com.hk/OAPM/v1' },
      [
        'EFTPAY_GATEWAY_URL is an OAPM gateway (/OAPM/v1): set EFTPAY_PLATFORM=oapm, or use the VMP base eftPay gave you.',
      ],
    ],
    [
      'gateway-url-fits-platform',
      {
        ...LIVE,
        EFTPAY_PLATFORM: 'OAPM',
        EFTPAY_GATEWAY_URL: 'https://oapm.eftpay.com.hk/OAPM/v1/Servlet/',
      },
      [
        'EFTPAY_GATEWAY_URL must end before /Servlet (the signer adds /Servlet/<servlet>): set it to https://oapm.eftpay.com.hk/OAPM/v1.',
      ],
    ],
    [
      'pairs-set-together',
      { MERCHANT_WEBHOOK_URL: 'not checked alone' },
      [
        'MERCHANT_WEBHOOK_SECRET is required with MERCHANT_WEBHOOK_URL: set a random secret of at least 24 characters.',
      ],
    ],
    [
      'pairs-set-together',
      { MERCHANT_WEBHOOK_SECRET: 'short, not checked alone' },
      [
        'MERCHANT_WEBHOOK_URL is required with MERCHANT_WEBHOOK_SECRET: set the URL your backend receives webhooks at, or unset both.',
      ],
    ],
  ])('%s: names the variables and what to do', (name, env, expected) => {
    expect(RULES.map((rule) => rule.name)).toContain(name)
    expect(problemsOf(env)).toEqual(expected)
  })

  it('are named once each and described', () => {
    expect(new Set(RULES.map((rule) => rule.name)).size).toBe(RULES.length)
    expect(RULES.map((rule) => rule.description)).toContain(
      'Apple Pay in live mode needs APPLE_PAY_MERCHANT_ID, APPLE_PAY_CERT, APPLE_PAY_KEY, APPLE_PAY_DOMAIN.',
    )
  })

  it('leave sandbox mode alone', () => {
    expect(
      problemsOf({
        SIGNER_API_KEY: SANDBOX_API_KEY,
        PUBLIC_URL: 'http://pay.example.com',
        EFTPAY_WALLETS: 'APPLEPAY,GOOGLEPAY',
      }),
    ).toEqual([])
  })
})

describe('first-hour defaults', () => {
  it('SIGNER_API_KEY: one minimum, 24 characters, in the rule, the hint and the description', () => {
    expect(problemsOf({ ...LIVE, SIGNER_API_KEY: 'k'.repeat(23) })).toEqual([
      'SIGNER_API_KEY is too short: use at least 24 random characters (e.g. `openssl rand -hex 32`).',
    ])
    expect(problemsOf({ ...LIVE, SIGNER_API_KEY: 'k'.repeat(24) })).toEqual([])
    expect(VARIABLES.SIGNER_API_KEY.hint).toContain('at least 24 characters')
    expect(VARIABLES.SIGNER_API_KEY.description).toContain('at least 24 characters')
  })

  it('live mode without EFTPAY_WALLETS offers the redirect wallets and asks for no Apple Pay identity', () => {
    const { EFTPAY_WALLETS: _listed, ...env } = LIVE
    expect(problemsOf(env)).toEqual([])
    const config = loadConfig(env)
    expect(config.wallets).toEqual([...WALLETS])
    expect(config.applePay.enabled).toBe(false)
    expect(config.googlePay.enabled).toBe(false)
    // Listed, it is on and asks for its identity.
    expect(problemsOf({ ...LIVE, EFTPAY_WALLETS: 'ALIPAYHK,APPLEPAY' })).toHaveLength(4)
  })

  it('ALLOWED_ORIGINS takes its documented sandbox default written out: any port of localhost and 127.0.0.1', () => {
    for (const env of [{}, LIVE]) {
      const config = loadConfig({
        ...env,
        ALLOWED_ORIGINS: 'http://localhost:*,http://127.0.0.1:*',
      })
      expect(config.allowedOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*'])
      expect(originAllowed(config.allowedOrigins, 'http://localhost:4321')).toBe(true)
      expect(originAllowed(config.allowedOrigins, 'http://127.0.0.1:5173')).toBe(true)
      expect(originAllowed(config.allowedOrigins, 'http://shop.example.com:5173')).toBe(false)
    }
  })

  it('ALLOWED_ORIGINS refuses a port wildcard on any other host, saying where it works', () => {
    expect(
      problemsOf({ ALLOWED_ORIGINS: 'https://shop.example.com:*,http://localhost:*' }),
    ).toEqual([
      'ALLOWED_ORIGINS has "https://shop.example.com:*": a port wildcard (:*) is only for http://localhost:* and http://127.0.0.1:*; list other origins with their port, like https://shop.example.com.',
    ])
  })
})

describe('EFTPAY_PLATFORM', () => {
  it('is VMP unset; oapm puts the built-in sandbox at /OAPM/v1 and takes its base in live mode', () => {
    expect(loadConfig({}).gatewayUrl).toBe('http://127.0.0.1:8787/sandbox/VMP')
    expect(loadConfig({}).protocol?.platform).toBeUndefined()
    const sandbox = loadConfig({ EFTPAY_PLATFORM: 'oapm' })
    expect(sandbox.protocol?.platform).toBe('oapm')
    expect(sandbox.gatewayUrl).toBe('http://127.0.0.1:8787/sandbox/OAPM/v1')
    const live = loadConfig({
      ...LIVE,
      EFTPAY_PLATFORM: 'oapm',
      EFTPAY_GATEWAY_URL: 'https://oapm.eftpay.com.hk/OAPM/v1/',
    })
    expect(live.gatewayUrl).toBe('https://oapm.eftpay.com.hk/OAPM/v1')
  })

  it('names the two platforms when it is neither', () => {
    expect(problemsOf({ EFTPAY_PLATFORM: 'eopg' })).toEqual([
      'EFTPAY_PLATFORM must be vmp or oapm: the platform eftPay opened your account on (its gateway base ends in /VMP or /OAPM/v1).',
    ])
  })
})
