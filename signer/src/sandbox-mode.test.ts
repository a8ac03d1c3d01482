import { describe, expect, it } from 'vitest'
import { loadConfig } from './config/index.js'
import { systemClock } from './contract/clock.js'
import type { Logger } from './observability/logger.js'
import { sandboxMode } from './sandbox-mode.js'

const outside: typeof fetch = async (input) =>
  new Response(`outside ${input instanceof Request ? input.url : String(input)}`)

describe('sandbox mode', () => {
  it('loops calls to its own public URL into the app attached after it, others go out', async () => {
    const config = loadConfig({})
    const mode = sandboxMode(config, { clock: systemClock, outboundFetch: outside })
    try {
      const loopback = mode.gatewayClient.fetch
      expect(loopback).toBeDefined()
      await expect(loopback?.(`${config.publicUrl}/v1/config`)).rejects.toThrow(/not attached/)
      mode.attachApp((request) => new Response(`app ${new URL(request.url).pathname}`))
      expect(await (await loopback?.(`${config.publicUrl}/v1/config`))?.text()).toBe(
        'app /v1/config',
      )
      expect(await (await loopback?.('https://elsewhere.example/x'))?.text()).toBe(
        'outside https://elsewhere.example/x',
      )
    } finally {
      mode.close()
    }
  })

  it('says at start when ALLOWED_ORIGINS replaces the any-localhost default, and only then', () => {
    const lines = (env: Record<string, string>) => {
      const said: string[] = []
      const logger = {
        warn: (_fields: unknown, message?: string) => said.push(String(message)),
        info: (_fields: unknown, message?: string) => said.push(String(message)),
      } as unknown as Logger
      const mode = sandboxMode(loadConfig(env), { clock: systemClock, outboundFetch: outside })
      mode.announce(logger)
      mode.close()
      return said.filter((line) => line.includes('ALLOWED_ORIGINS'))
    }
    expect(lines({})).toEqual([])
    expect(lines({ ALLOWED_ORIGINS: 'http://localhost:*,http://127.0.0.1:*' })).toEqual([])
    expect(lines({ ALLOWED_ORIGINS: 'http://localhost:3000' })).toEqual([
      'ALLOWED_ORIGINS is set, so only http://localhost:3000 may call the browser endpoints: the sandbox default (any http://localhost and http://127.0.0.1 port) is off. Add http://localhost:* or http://127.0.0.1:* to keep any port.',
    ])
  })

  it('is inert in live mode', () => {
    const mode = sandboxMode(
      loadConfig({
        EFTPAY_GATEWAY_URL: 'https://vmp.eftpay.com.cn/VMP',
        EFTPAY_USER_KEY: 'S0004152',
        EFTPAY_SECRET: 'live-secret-value-123',
        SIGNER_API_KEY: 'sk_live_0123456789abcdef0123456789',
        PUBLIC_URL: 'https://pay.example.com',
        ALLOWED_ORIGINS: 'https://shop.example.com',
        EFTPAY_WALLETS: 'ALIPAYHK',
      }),
      { clock: systemClock, outboundFetch: outside },
    )
    mode.attachApp(() => new Response('app'))
    expect(mode.gatewayClient.fetch).toBeUndefined()
    expect(mode.routes).toBeUndefined()
    mode.close()
  })
})
