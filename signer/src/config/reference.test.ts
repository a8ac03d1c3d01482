import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './index.js'
import { ENV_END, ENV_START, ENVIRONMENT, renderEnvironmentTable } from './reference.js'

const source = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8')

describe('the environment reference', () => {
  it('lists exactly the variables loadConfig reads', () => {
    const read = new Set<string>()
    const env = new Proxy<Record<string, string | undefined>>(
      {},
      {
        get(_env, name) {
          if (typeof name === 'string') read.add(name)
          return undefined
        },
      },
    )
    loadConfig(env)
    expect(read.size).toBeGreaterThan(10)
    expect([...new Set(ENVIRONMENT.map((v) => v.name))].sort()).toEqual([...read].sort())
    expect(ENVIRONMENT.map((v) => v.name)).toHaveLength(read.size)
  })

  it('documents the defaults loadConfig really applies', () => {
    const config = loadConfig({})
    const byName = new Map(ENVIRONMENT.map((v) => [v.name, v.default]))
    expect(byName.get('PORT')).toBe(`\`${config.port}\``)
    expect(byName.get('HOST')).toBe(`\`${config.host}\``)
    expect(byName.get('DATABASE_URL')).toBe(`\`${config.databaseUrl}\``)
    expect(byName.get('RATE_LIMIT_PER_MINUTE')).toBe(`\`${config.rateLimitPerMinute}\``)
    expect(byName.get('SESSION_LIFETIME_SECONDS')).toBe(`\`${config.sessionLifetimeSeconds}\``)
    expect(byName.get('LOG_LEVEL')).toBe(`\`${config.logLevel}\``)
    expect(byName.get('NEEDS_ATTENTION_AFTER_HOURS')).toBe(`\`${config.needsAttentionAfterHours}\``)
    expect(byName.get('TRUST_PROXY')).toBe(`\`${String(config.trustProxy)}\``)
    expect(byName.get('APPLE_PAY_MERCHANT_ID')).toBe(`\`${config.applePay.merchantId}\``)
    const googlePay = config.googlePay
    expect(byName.get('GOOGLE_PAY_GATEWAY_MERCHANT_ID')).toBe(`\`${googlePay.gatewayMerchantId}\``)
    expect(byName.get('GOOGLE_PAY_CARD_NETWORKS')).toBe(`\`${googlePay.cardNetworks.join(',')}\``)
    expect(byName.get('GOOGLE_PAY_AUTH_METHODS')).toBe(`\`${googlePay.authMethods.join(',')}\``)
    expect(byName.get('ALLOWED_ORIGINS')).toContain(`\`${config.allowedOrigins.join(',')}\``)
    expect(byName.get('MERCHANT_NAME')).toContain(`\`${config.merchantName}\``)
  })

  it('is the one in docs/deploy.md (regenerate: node --import tsx scripts/env-reference.ts --write)', () => {
    const doc = source('../../../docs/deploy.md')
    const start = doc.indexOf(ENV_START)
    const end = doc.indexOf(ENV_END)
    expect(start).toBeGreaterThan(-1)
    expect(doc.slice(start + ENV_START.length, end).trim()).toBe(renderEnvironmentTable())
  })
})
