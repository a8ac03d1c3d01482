import { describe, expect, it } from 'vitest'
import { liveAppleValidator, sandboxAppleValidator } from './merchant-validation.js'

const PEM = '-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----'

describe('merchant validation', () => {
  it("live: refuses any URL off Apple's hosts before any network call", async () => {
    const validator = liveAppleValidator({
      merchantId: 'merchant.x',
      displayName: 'Shop',
      domain: 'shop.example',
      cert: PEM,
      key: PEM,
    })
    for (const url of [
      'https://127.0.0.1/paymentSession',
      'https://apple-pay-gateway.apple.com.attacker.example/',
      'http://apple-pay-gateway.apple.com/',
    ]) {
      await expect(validator.validate(url)).rejects.toMatchObject({
        status: 403,
        code: 'validation_url_not_allowed',
        param: 'validation_url',
      })
    }
  })

  it("sandbox: a simulated merchant session of Apple's shape, without a network call", async () => {
    const validator = sandboxAppleValidator({
      merchantId: 'merchant.x',
      displayName: 'Demo Tea House',
      domain: 'shop.example',
      clock: () => new Date(1_000_000),
    })
    const session = await validator.validate(
      'https://apple-pay-gateway-cert.apple.com/paymentservices/startSession',
    )
    expect(session).toMatchObject({
      epochTimestamp: 1_000_000,
      expiresAt: 1_000_000 + 3_600_000,
      merchantIdentifier: 'merchant.x',
      domainName: 'shop.example',
      displayName: 'Demo Tea House',
    })
    for (const key of ['merchantSessionIdentifier', 'nonce', 'signature'])
      expect(typeof session[key]).toBe('string')
    await expect(validator.validate('https://evil.example/')).rejects.toMatchObject({
      code: 'validation_url_not_allowed',
    })
  })
})
