import { z } from 'zod'

/**
 * The gateway's field limits (PROTOCOL.md §4–§8) as zod primitives, shared by the signer (checked
 * before anything is signed) and the sandbox (checked on arrival, as eftPay would).
 */

/** `String(n)`: at most n characters. Values are never empty on the wire (§2.1 step 2). */
export const str = (max: number) =>
  z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`)

/** An amount: digits with at most two decimals, at most 8 characters, more than zero (§1, §4.1). */
export const amount = z
  .string()
  .max(8, 'must be at most 8 characters')
  .regex(/^(0|[1-9]\d*)(\.\d{1,2})?$/, 'must be digits with at most 2 decimals, like "12.50"')
  .refine((v) => /[1-9]/.test(v), 'must be more than zero')

/** `yyyyMMddHHmmss` (§3). */
export const gatewayTime = z.string().regex(/^\d{14}$/, 'must be yyyyMMddHHmmss')

/** A URL the gateway calls or sends the shopper to: at most 240 characters (§1). */
export const callbackUrl = z
  .string()
  .max(240, 'must be at most 240 characters')
  .url('must be an absolute URL')

/** `return_url` may carry no query string (§1, seeds). */
export const returnUrl = callbackUrl.refine(
  (v) => !v.includes('?'),
  'must not contain a query string',
)

export const BUYER_TYPES = ['ios', 'android', 'others'] as const
export const buyerType = z.enum(BUYER_TYPES)

export const CURRENCIES = ['HKD', 'CNY'] as const
export const currency = z.enum(CURRENCIES)

export const LANGS = ['cn', 'en', 'hk'] as const
export const gatewayLang = z.enum(LANGS)

export const PAY_SCENES = [
  'WEB',
  'WAP',
  'APP',
  'H5',
  'ONLINE_WEB',
  'WXWEB',
  'TOKEN_APPLE_PAY',
  'TOKEN_GOOGLE_PAY',
] as const
export const payScene = z.enum(PAY_SCENES)

/** Wallets this product routes (§8.3, seeds). The gateway knows more; the signer offers these. */
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
export type Wallet = (typeof WALLETS)[number]
export const wallet = z.enum(WALLETS)

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
export const payType = z.enum(PAY_TYPES)

/** Sale and refund states (§8.1). Anything else is read as "pending, ask again". */
export const TRADE_STATUSES = [
  'TRADE_SUCCESS',
  'TRADE_PROCESSING',
  'TRADE_FAIL',
  'TRADE_CLOSED',
  'TRADE_REFUND',
  'APPLY_SUCCESS',
] as const
export type TradeStatus = (typeof TRADE_STATUSES)[number]

/** Refund-to-account states of `service.unified.RefundStatusQuery` (§6.3). */
export const REFUND_STATUSES = ['SUCCESS', 'PROCESSING', 'FAIL'] as const
