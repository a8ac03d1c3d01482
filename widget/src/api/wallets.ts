/**
 * The gateway's wallet codes the signer may enable (docs/api.md "GET /v1/config"). The same list as
 * the signer's; `contract.test.ts` fails when the two differ.
 */
export const WALLETS = [
  'ALIPAYHK',
  'ALIPAYCN',
  'WECHATHK',
  'WECHATCN',
  'PAYME',
  'OCT',
  'BOCVMPUPI',
  'UNIONPAY',
  'ICBCWAP',
  'MPGS',
  'AE',
] as const

/** A wallet code as the signer reports it in `GET /v1/config`. */
export type WalletCode = (typeof WALLETS)[number]

/** What a shopper can choose: a wallet, Apple Pay or Google Pay. */
export type WalletChoice = WalletCode | 'APPLEPAY' | 'GOOGLEPAY'
