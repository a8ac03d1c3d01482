import { describe, expect, it } from 'vitest'
import { loadConfig } from './config/index.js'
import { systemClock } from './gateway/hk-time.js'
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
