import { RETURN_CODES, SandboxRefusal } from './return-codes.js'

/**
 * The sandbox's own table of request fields per kind of service, written from eftPay's pages as
 * docs/protocol.md restates them ("PreOrder", "Apple Pay", "Query", "Refund"): required or not,
 * kind of value and `String(n)` length in UTF-8 bytes ("Field types"). It is eftPay's side, so it
 * shares nothing with the signer's schemas.
 */

export type RequestKind =
  | 'preorder'
  | 'apple-pay'
  | 'google-pay'
  | 'refund'
  | 'refund-status'
  | 'query'
  | 'common-query'
  | 'qr-preorder'
  | 'qr-query'

interface Rule {
  required: boolean
  /** `String(n)`: at most n UTF-8 bytes. Absent for eftPay's own numbers (never capped). */
  max?: number
  /** A value from a closed list. */
  oneOf?: readonly string[]
  /** Extra shape: an amount, an absolute URL, a URL without query, whole seconds. */
  shape?: 'amount' | 'url' | 'url-no-query' | 'seconds'
}

const R = (max?: number, extra: Omit<Rule, 'required' | 'max'> = {}): Rule => ({
  required: true,
  max,
  ...extra,
})
const O = (max?: number, extra: Omit<Rule, 'required' | 'max'> = {}): Rule => ({
  required: false,
  max,
  ...extra,
})

const BUYER_TYPES = ['ios', 'android', 'others'] as const
const signedPart = { user_confirm_key: R(12), time: R(14), sign: R(64) }

/** Page "Place an Order" (web/WAP scene). */
const preorder: Record<string, Rule> = {
  ...signedPart,
  service: R(64),
  transaction_amount: R(8, { shape: 'amount' }),
  out_trade_no: R(28),
  // String(6) in the table, yet the same page's service table has `UnionPay` (8): the value is
  // checked against the service instead (docs/protocol.md, "Where the documents disagree").
  payType: R(),
  buyerType: R(7, { oneOf: BUYER_TYPES }),
  subject: R(256),
  wallet: R(20),
  body: O(128),
  pay_scene: R(16),
  fee_type: O(5, { oneOf: ['HKD', 'CNY'] }),
  tid: O(20),
  notify_url: O(240, { shape: 'url' }),
  return_url: O(240, { shape: 'url-no-query' }),
  active_time: O(7, { shape: 'seconds' }),
  lang: O(2, { oneOf: ['cn', 'en', 'hk'] }),
  scheme: O(256),
  packageName: O(256),
  app_link: O(240),
}

/** Page "Apple Pay Token Payment": both `pay_scene` readings of the page are taken. */
const applePay: Record<string, Rule> = {
  ...signedPart,
  service: R(64, { oneOf: ['service.mpgs.token.ApplePay'] }),
  token_id: R(),
  transaction_amount: R(8, { shape: 'amount' }),
  out_trade_no: R(28),
  payType: R(6, { oneOf: ['Mpgs'] }),
  buyerType: R(7, { oneOf: BUYER_TYPES }),
  subject: R(256),
  wallet: R(20, { oneOf: ['MPGS'] }),
  body: O(128),
  pay_scene: R(16, { oneOf: ['TOKEN_APPLE_PAY', 'TOKEN'] }),
  fee_type: O(5, { oneOf: ['HKD'] }),
  tid: O(20),
  notify_url: O(240, { shape: 'url' }),
}

/** Page "Google Pay Token Payment": the Apple Pay page's fields with its own service and scene. */
const googlePay: Record<string, Rule> = {
  ...applePay,
  service: R(64, { oneOf: ['service.mpgs.token.GooglePay'] }),
  pay_scene: R(16, { oneOf: ['TOKEN_GOOGLE_PAY'] }),
}

/** Pages "Refund" (web and WAP scenes). `eft_trade_no` is eftPay's own number: no cap. */
const refund: Record<string, Rule> = {
  ...signedPart,
  service: R(64),
  return_amount: R(8, { shape: 'amount' }),
  total_fee: R(8, { shape: 'amount' }),
  out_trade_no: R(28),
  payType: R(),
  buyerType: R(7, { oneOf: BUYER_TYPES }),
  reason: O(256),
  wallet: R(20),
  out_refund_no: R(28),
  eft_trade_no: O(),
  pay_scene: R(16),
  notify_url: O(240, { shape: 'url' }),
}

/** Page "Refund Status Query". */
const refundStatus: Record<string, Rule> = {
  ...signedPart,
  service: R(64),
  querytype: R(30, { oneOf: ['OUT_TRADE'] }),
  eft_trade_no: O(),
  out_trade_no: O(28),
  refund_no: R(28),
}

/** Pages "Query" (`QRcodeTradeQuery.do`, no `service`). */
const query: Record<string, Rule> = {
  ...signedPart,
  querytype: R(30, { oneOf: ['OUT_TRADE'] }),
  eft_trade_no: O(),
  out_trade_no: O(28),
  refund_no: O(28),
}

/**
 * `service.common.Query` on `JSAPIService.do` (the `token_query` variant): the fields one public
 * client sends (docs/protocol.md "Apple Pay"): the Query page's, with `service`.
 */
const commonQuery: Record<string, Rule> = {
  ...query,
  service: R(64, { oneOf: ['service.common.Query'] }),
}

/**
 * Page "Place an Order" (QR-code scene): lower-case names, no `pay_scene`, `fee_type`, `return_url`
 * or `active_time`. The page's requirement column is empty in our copy; **assumption**
 * (docs/protocol.md, "Merchant-presented QR scene"): required as on the web page, `tid` and
 * `notify_url` optional. `paytype` is checked against the service.
 */
const qrPreorder: Record<string, Rule> = {
  ...signedPart,
  service: R(64),
  transaction_amount: R(8, { shape: 'amount' }),
  out_trade_no: R(28),
  paytype: R(6),
  buyertype: R(7, { oneOf: BUYER_TYPES }),
  subject: R(256),
  payment_type: R(20),
  tid: O(20),
  notify_url: O(240, { shape: 'url' }),
}

/** Page "Query" (QR-code scene): the scene's own service on `JSAPIService.do`, by `out_trade_no`. */
const qrQuery: Record<string, Rule> = {
  ...signedPart,
  service: R(64),
  querytype: R(30, { oneOf: ['OUT_TRADE'] }),
  out_trade_no: R(28),
  refund_no: O(28),
  paytype: R(6),
  buyertype: R(7, { oneOf: BUYER_TYPES }),
  payment_type: R(20),
}

export const FIELD_TABLE: Readonly<Record<RequestKind, Readonly<Record<string, Rule>>>> = {
  preorder,
  'apple-pay': applePay,
  'google-pay': googlePay,
  refund,
  'refund-status': refundStatus,
  query,
  'common-query': commonQuery,
  'qr-preorder': qrPreorder,
  'qr-query': qrQuery,
}

const AMOUNT = /^(0|[1-9]\d*)(\.\d{1,2})?$/

function problem(field: string, value: string, rule: Rule): string | undefined {
  if (rule.max !== undefined && Buffer.byteLength(value, 'utf8') > rule.max)
    return `${field} is longer than String(${rule.max})`
  if (rule.oneOf && !rule.oneOf.includes(value))
    return `${field} must be one of ${rule.oneOf.join(', ')}`
  switch (rule.shape) {
    case 'amount':
      return AMOUNT.test(value) && /[1-9]/.test(value)
        ? undefined
        : `${field} must be digits with at most 2 decimals, more than zero`
    case 'seconds':
      return /^[1-9]\d*$/.test(value) ? undefined : `${field} must be whole seconds`
    case 'url':
    case 'url-no-query': {
      if (!URL.canParse(value)) return `${field} must be an absolute URL`
      if (rule.shape === 'url-no-query' && new URL(value).search !== '')
        return `${field} must not carry parameters`
      return undefined
    }
    default:
      return undefined
  }
}

/**
 * Checks a request against its kind's table; empty values count as absent (the pages' example
 * request sends `"tid": ""`). Returns the present fields; refuses, naming the field, otherwise.
 */
export function checkFields(kind: RequestKind, fields: Readonly<Record<string, string>>) {
  const table = FIELD_TABLE[kind]
  const present: Record<string, string> = {}
  for (const [field, value] of Object.entries(fields)) {
    if (value === '') continue
    const rule = table[field]
    if (!rule) throw new SandboxRefusal(RETURN_CODES.PARAMETER, `unknown field ${field}`)
    const wrong = problem(field, value, rule)
    if (wrong) {
      const code = rule.shape === 'amount' ? RETURN_CODES.AMOUNT : RETURN_CODES.PARAMETER
      throw new SandboxRefusal(code, wrong)
    }
    present[field] = value
  }
  for (const [field, rule] of Object.entries(table)) {
    if (rule.required && present[field] === undefined)
      throw new SandboxRefusal(RETURN_CODES.PARAMETER, `${field} is required`)
  }
  if (
    (kind === 'query' || kind === 'common-query' || kind === 'refund-status') &&
    !present.eft_trade_no &&
    !present.out_trade_no
  )
    throw new SandboxRefusal(RETURN_CODES.PARAMETER, 'eft_trade_no or out_trade_no is required')
  return present
}
