import { describe, expect, it } from 'vitest'
import type { Device } from '../contract/vocabulary.js'
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

  it.each([
    {
      name: 'a PreOrder wallet not configured: 400 wallet_not_enabled',
      wallet: 'OCT',
      param: 'wallet',
      status: 400,
      code: 'wallet_not_enabled',
      message: 'OCT is not enabled on this signer. Use one of the wallets GET /v1/config lists.',
    },
    {
      name: 'Apple Pay not set up: 400 wallet_not_enabled, saying which variable turns it on',
      wallet: 'APPLEPAY',
      param: 'token',
      status: 400,
      code: 'wallet_not_enabled',
      message:
        'Apple Pay is not enabled on this signer. Add APPLEPAY to EFTPAY_WALLETS, or offer another wallet.',
    },
    {
      name: 'Google Pay not set up: 404 google_pay_not_enabled, saying which variable turns it on',
      wallet: 'GOOGLEPAY',
      param: 'token',
      status: 404,
      code: 'google_pay_not_enabled',
      message:
        'Google Pay is not enabled on this signer. Add GOOGLEPAY to EFTPAY_WALLETS, or offer another wallet.',
    },
  ] as const)('$name', ({ name: _case, wallet, param, ...refusal }) => {
    expect(() => assertWalletEnabled(NO_TOKENS, wallet, param)).toThrow(
      expect.objectContaining({ param, ...refusal }),
    )
  })
})
