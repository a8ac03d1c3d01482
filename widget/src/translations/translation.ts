import type { WalletChoice } from '../api/wallets.js'

/** The languages the widget speaks; also the `lang` it sends to the signer (docs/api.md). */
export type Lang = 'en' | 'zh-HK' | 'zh-CN'

/**
 * Every text the widget shows, one object per language. Plain strings, or functions where a value
 * (a wallet's name, a time) is inserted, so word order can differ between languages.
 */
export interface Translation {
  $code: Lang
  /** Wallet names; a wallet left out is called by its English name (PayMe is PayMe everywhere). */
  wallets: Partial<Record<WalletChoice, string>>
  applePay: string
  loading: string
  choose: string
  total: string
  sandbox: string
  working: (wallet: string) => string
  redirecting: (wallet: string) => string
  scan: (wallet: string) => string
  qr: (wallet: string) => string
  expiresIn: (time: string) => string
  back: string
  checking: string
  paid: string
  failed: string
  cancelled: string
  expired: string
  error: string
  retry: string
}
