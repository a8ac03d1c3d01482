import { describe, expect, it } from 'vitest'
import { APPLE_VALIDATION_HOSTS, isAppleValidationUrl } from './apple-hosts.js'

describe('Apple validation hosts', () => {
  it("accepts https on Apple's documented hosts only, by exact match", () => {
    expect(APPLE_VALIDATION_HOSTS.size).toBe(24)
    for (const host of [
      'apple-pay-gateway.apple.com',
      'apple-pay-gateway-nc-pod3.apple.com',
      'cn-apple-pay-gateway-pr-pod5.apple.com',
      'apple-pay-gateway-cert.apple.com',
    ]) {
      expect(isAppleValidationUrl(`https://${host}/paymentservices/startSession`)).toBe(true)
    }
    for (const url of [
      'https://apple-pay-gateway-nc-pod6.apple.com/x',
      'https://evilapple-pay-gateway.apple.com/x',
      'https://apple-pay-gateway.apple.com.evil.example/x',
      'http://apple-pay-gateway.apple.com/x',
      'https://apple-pay-gateway.apple.com:444/x',
      'https://a:b@apple-pay-gateway.apple.com/x',
      'not a url',
      'https://127.0.0.1/x',
    ]) {
      expect(isAppleValidationUrl(url)).toBe(false)
    }
  })
})
