import { z } from 'zod'

/**
 * The gateway's field limits (docs/protocol.md, "Field types") as zod primitives, checked by the
 * signer before anything is signed. The sandbox keeps its own table (sandbox/src/field-table.ts).
 */

const utf8 = new TextEncoder()

/**
 * UTF-8 length of a value: the wire is UTF-8 JSON (docs/protocol.md, "Field types"). TextEncoder,
 * not Buffer, because the widget's type check reads this module too.
 */
export const utf8Bytes = (value: string) => utf8.encode(value).length

/**
 * `String(n)`: at most n UTF-8 bytes, so `subject` String(256) holds 85 Chinese characters
 * (docs/protocol.md, "Field types": the pages do not say characters or bytes; bytes is the reading
 * no gateway can refuse). Values are never empty on the wire (docs/protocol.md, "Signature").
 */
export const str = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .refine((v) => utf8Bytes(v) <= max, `must be at most ${max} bytes (UTF-8)`)

/**
 * An identifier eftPay issues (`eft_trade_no`, `eftpay_trade_no`): never length-checked, since
 * the Apple Pay page's own reply carries 31 characters where its table says String(28)
 * (docs/protocol.md, "Identifiers").
 */
export const eftpayId = z.string().min(1, 'must not be empty')

/** An amount: digits with at most two decimals, at most 8 characters, more than zero. */
export const amount = z
  .string()
  .max(8, 'must be at most 8 characters')
  .regex(/^(0|[1-9]\d*)(\.\d{1,2})?$/, 'must be digits with at most 2 decimals, like "12.50"')
  .refine((v) => /[1-9]/.test(v), 'must be more than zero')

/** `yyyyMMddHHmmss`, Hong Kong time (docs/protocol.md, "Time"). */
export const gatewayTime = z.string().regex(/^\d{14}$/, 'must be yyyyMMddHHmmss')

/** A URL the gateway calls or sends the shopper to: at most 240 characters (PreOrder pages). */
export const callbackUrl = z
  .string()
  .max(240, 'must be at most 240 characters')
  .url('must be an absolute URL')

/** `return_url` may carry no query string (PreOrder pages). */
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
  // The Apple Pay page's example request (docs/protocol.md, "Apple Pay").
  'TOKEN',
] as const
export const payScene = z.enum(PAY_SCENES)

/** Wallets this product routes (PreOrder page's table). The gateway knows more; we offer these. */
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

/** Sale and refund states (docs/protocol.md, "trade_status"). Anything else: pending, ask again. */
export const TRADE_STATUSES = [
  'TRADE_SUCCESS',
  'TRADE_PROCESSING',
  'TRADE_FAIL',
  'TRADE_CLOSED',
  'TRADE_REFUND',
  'APPLY_SUCCESS',
] as const
export type TradeStatus = (typeof TRADE_STATUSES)[number]

/** Refund-to-account states of `service.unified.RefundStatusQuery` (docs/protocol.md, "Refund"). */
export const REFUND_STATUSES = ['SUCCESS', 'PROCESSING', 'FAIL'] as const
