import { describe, expect, it } from 'vitest'
import type { Device } from '../gateway/routing-table.js'
import { assertWalletEnabled, enabledWallets, type WalletSettings } from './enabled-wallets.js'

const ALL: WalletSettings = {
  wallets: ['ALIPAYHK', 'WECHATHK', 'PAYME'],
  applePay: { enabled: true },
  googlePay: { enabled: true },
}
const NO_TOKENS: WalletSettings = {
  ...ALL,
  applePay: { enabled: false },
  googlePay: { enabled: false },
}
const IN_WECHAT: Device = { os: 'ios', mobile: true, in_app: 'wechat' }

describe('enabledWallets: what this signer offers', () => {
  it('the configured wallets, then Apple Pay and Google Pay when they are set up', () => {
    expect(enabledWallets(ALL)).toEqual({
      wallets: ['ALIPAYHK', 'WECHATHK', 'PAYME'],
      offered: ['ALIPAYHK', 'WECHATHK', 'PAYME', 'APPLEPAY', 'GOOGLEPAY'],
    })
    expect(enabledWallets(NO_TOKENS).offered).toEqual(['ALIPAYHK', 'WECHATHK', 'PAYME'])
  })

  it('for a device, only the wallets the routing table can pay there', () => {
    // Alipay links are blocked inside WeChat's browser (gateway/routing-table.ts walletFits).
    expect(enabledWallets(ALL, IN_WECHAT)).toEqual({
      wallets: ['WECHATHK', 'PAYME'],
      offered: ['WECHATHK', 'PAYME', 'APPLEPAY', 'GOOGLEPAY'],
    })
  })
})

describe('assertWalletEnabled: a wallet this signer does not offer is refused, naming the field', () => {
  it('lets an offered wallet through', () => {
    const offered = ['ALIPAYHK', 'WECHATHK', 'PAYME', 'APPLEPAY', 'GOOGLEPAY'] as const
    for (const wallet of offered)
      expect(() => assertWalletEnabled(ALL, wallet, 'wallet')).not.toThrow()
  })

  it('a PreOrder wallet not configured: 400 wallet_not_enabled', () => {
    expect(() => assertWalletEnabled(ALL, 'OCT', 'wallet')).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'wallet_not_enabled',
        param: 'wallet',
        message: 'OCT is not enabled on this signer. Use one of the wallets GET /v1/config lists.',
      }),
    )
  })

  it('Apple Pay not set up: 400 wallet_not_enabled, saying which variable turns it on', () => {
    expect(() => assertWalletEnabled(NO_TOKENS, 'APPLEPAY', 'token')).toThrow(
      expect.objectContaining({
        status: 400,
        code: 'wallet_not_enabled',
        param: 'token',
        message:
          'Apple Pay is not enabled on this signer. Add APPLEPAY to EFTPAY_WALLETS, or offer another wallet.',
      }),
    )
  })

  it('Google Pay not set up: 404 google_pay_not_enabled, saying which variable turns it on', () => {
    expect(() => assertWalletEnabled(NO_TOKENS, 'GOOGLEPAY', 'token')).toThrow(
      expect.objectContaining({
        status: 404,
        code: 'google_pay_not_enabled',
        param: 'token',
        message:
          'Google Pay is not enabled on this signer. Add GOOGLEPAY to EFTPAY_WALLETS, or offer another wallet.',
      }),
    )
  })
})
