import { z } from '@hono/zod-openapi'

/**
 * The words every layer of the signer shares, and the widget mirrors: wallet codes, currencies,
 * statuses, the shopper's device and language, how a pending payment continues. One definition
 * each, at the bottom of the signer (docs/architecture.md "Layers"): the requests, the responses,
 * the store, the domain and the gateway all import them from here. Only zod, no Node modules.
 */

/** The redirect and QR wallets this product routes (docs/protocol.md "Services per wallet and device"). */
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
/** A gateway wallet code (docs/api.md "GET /v1/config"). */
export type WalletCode = (typeof WALLETS)[number]

/** The wallets paid with a token through MPGS (docs/protocol.md "Apple Pay", "Google Pay"). */
export const TOKEN_WALLETS = ['APPLEPAY', 'GOOGLEPAY'] as const
export type TokenWallet = (typeof TOKEN_WALLETS)[number]
export const isTokenWallet = (wallet: string): wallet is TokenWallet =>
  (TOKEN_WALLETS as readonly string[]).includes(wallet)

/** Everything a shopper can pay with, in the default display order: the wallets, then the tokens. */
export const PAYMENT_WALLETS = [...WALLETS, ...TOKEN_WALLETS] as const
export type PayingWallet = (typeof PAYMENT_WALLETS)[number]

/** The currencies the gateway takes in `fee_type` (docs/protocol.md "Currencies per wallet"). */
export const CURRENCIES = ['HKD', 'CNY'] as const
export const currency = z.enum(CURRENCIES)
export type Currency = z.infer<typeof currency>

export const sessionStatus = z.enum(['open', 'paid', 'expired', 'partially_refunded', 'refunded'])
export type SessionStatus = z.infer<typeof sessionStatus>

export const paymentStatus = z.enum(['pending', 'succeeded', 'failed', 'expired'])
export type PaymentStatus = z.infer<typeof paymentStatus>

export const refundStatus = z.enum(['pending', 'succeeded', 'failed'])
export type RefundStatus = z.infer<typeof refundStatus>

/** How the widget continues once the gateway took the order: send the shopper on, or show a QR. */
export const nextActionType = z.enum(['redirect', 'qr_code'])
export type NextActionType = z.infer<typeof nextActionType>

export const OPERATING_SYSTEMS = ['ios', 'android', 'others'] as const
export const IN_APP_BROWSERS = ['wechat', 'alipay', 'none'] as const

/** What the widget reports of the shopper's device (docs/api.md "POST /v1/sessions/{id}/payments"). */
export const device = z.strictObject({
  os: z.enum(OPERATING_SYSTEMS),
  mobile: z.boolean(),
  /** The in-app browser the page runs in: WeChat's, Alipay's, or none. */
  in_app: z.enum(IN_APP_BROWSERS),
})
export type Device = z.infer<typeof device>

/** The shopper's language as the widget knows it (the gateway's own `lang` is another list). */
export const shopperLang = z.enum(['en', 'zh-HK', 'zh-CN'])
export type ShopperLang = z.infer<typeof shopperLang>

/**
 * The gateway route a payment was placed with, kept by the store so a refund goes back the same way
 * (docs/protocol.md "Services per wallet and device"; the gateway's field checks use these lists).
 */
export const PAY_TYPES = [
  'Alipay',
  'WeChat',
  'UnionPay',
  'ICBC',
  'Mpgs',
  'PAYME',
  'BOCVMP',
  'OCT',
  'AE',
] as const
export type PayType = (typeof PAY_TYPES)[number]

export const PAY_SCENES = [
  'WEB',
  'WAP',
  'APP',
  'H5',
  'ONLINE_WEB',
  'WXWEB',
  'TOKEN_APPLE_PAY',
  'TOKEN_GOOGLE_PAY',
  // The Apple Pay page's example request (docs/protocol.md, "Apple Pay").
  'TOKEN',
] as const
export type PayScene = (typeof PAY_SCENES)[number]

/** The gateway's `buyerType`: the device's operating system. */
export type BuyerType = Device['os']
