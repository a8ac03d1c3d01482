import type { WalletCode } from '../api/wallets.js'

/**
 * The simple marks the widget draws for each wallet: our own coloured tile with a letter, never a
 * copied logo.
 */

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
