/**
 * The gateway's wallet codes the signer may enable (docs/api.md "Wallet codes"), and the simple
 * marks the widget draws for them: our own coloured tile with a letter, never a copied logo.
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

/** What a shopper can choose: a wallet, or Apple Pay. */
export type WalletChoice = WalletCode | 'APPLEPAY'

/** Tile colour and letters of each wallet's mark. */
export const MARKS: Record<WalletCode, readonly [colour: string, letters: string]> = {
  ALIPAYHK: ['#1677ff', 'A'],
  ALIPAYCN: ['#1677ff', 'A'],
  WECHATHK: ['#07c160', 'W'],
  WECHATCN: ['#07c160', 'W'],
  PAYME: ['#db0011', 'P'],
  OCT: ['#f39800', 'O'],
  BOCVMPUPI: ['#a0001e', 'B'],
  UNIONPAY: ['#00508e', 'U'],
  ICBCWAP: ['#c7000b', 'I'],
  MPGS: ['#1a1f71', 'V'],
  AE: ['#016fd0', 'AE'],
}

/** Whether a string is a wallet code this widget knows how to show. */
export function isWalletCode(value: string): value is WalletCode {
  return Object.hasOwn(MARKS, value)
}
