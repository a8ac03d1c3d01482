import { z } from 'zod'
import { amount, str, utf8Bytes } from '../contract/limits.js'
import {
  currency,
  OPERATING_SYSTEMS,
  PAY_SCENES,
  PAY_TYPES,
  WALLETS,
} from '../contract/vocabulary.js'

/**
 * The gateway's field limits (docs/protocol.md, "Field types") as zod primitives, checked by the
 * signer before anything is signed. The sandbox keeps its own table (sandbox/src/field-table.ts).
 * The limits the API shares (text, amounts) and the wallet and currency lists are the contract's.
 */

export { amount, str, utf8Bytes }

/**
 * An identifier eftPay issues (`eft_trade_no`, `eftpay_trade_no`): never length-checked, since
 * the Apple Pay page's own reply carries 31 characters where its table says String(28)
 * (docs/protocol.md, "Identifiers").
 */
export const eftpayId = z.string().min(1, 'must not be empty')

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

export const buyerType = z.enum(OPERATING_SYSTEMS)

export { currency }

export const LANGS = ['cn', 'en', 'hk'] as const
export const gatewayLang = z.enum(LANGS)

export const payScene = z.enum(PAY_SCENES)

export const wallet = z.enum(WALLETS)

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
