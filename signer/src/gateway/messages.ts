import { z } from 'zod'
import {
  amount,
  buyerType,
  callbackUrl,
  currency,
  eftpayId,
  gatewayLang,
  gatewayTime,
  payScene,
  payType,
  returnUrl,
  str,
  wallet,
} from './fields.js'
import { APPLE_PAY_SCENES } from './settings.js'

/**
 * Every message the signer exchanges with the gateway, as zod schemas with the gateway's limits
 * (docs/protocol.md). Requests are strict: an unknown or malformed field is an error naming the
 * field before anything is signed. Replies and notifications come from an untrusted party and may
 * grow new fields (docs/protocol.md, "Transport": compatibility), so they keep unknown fields,
 * which must still be strings.
 */

const signedEnvelope = { user_confirm_key: str(12), time: gatewayTime }

// ---------------------------------------------------------------------------------------------
// Requests (JSAPIService.do unless noted)

/** Web / WAP PreOrder (docs/protocol.md, "PreOrder"). */
export const preOrderRequest = z.strictObject({
  ...signedEnvelope,
  service: str(64),
  transaction_amount: amount,
  out_trade_no: str(28),
  payType,
  buyerType,
  subject: str(256),
  wallet,
  body: str(128).optional(),
  pay_scene: payScene,
  fee_type: currency.optional(),
  tid: str(20).optional(),
  notify_url: callbackUrl.optional(),
  return_url: returnUrl.optional(),
  // docs/protocol.md "PreOrder": whole minutes (the App PreOrder page requires multiples of 60).
  active_time: z
    .string()
    .regex(/^[1-9]\d{0,6}$/, 'must be a whole number of seconds')
    .refine((v) => Number(v) % 60 === 0, 'must be a multiple of 60 seconds')
    .optional(),
  lang: gatewayLang.optional(),
  scheme: str(128).optional(),
  packageName: str(128).optional(),
  app_link: str(240).optional(),
})
export type PreOrderRequest = z.infer<typeof preOrderRequest>

/** The fields both MPGS token payments share (docs/protocol.md, "Apple Pay", "Google Pay"). */
const mpgsTokenRequest = {
  ...signedEnvelope,
  token_id: z.string().min(1, 'must not be empty').max(16_384, 'must be at most 16384 characters'),
  transaction_amount: amount,
  out_trade_no: str(28),
  payType: z.literal('Mpgs'),
  buyerType,
  subject: str(256),
  wallet: z.literal('MPGS'),
  body: str(128).optional(),
  fee_type: currency.optional(),
  tid: str(20).optional(),
  notify_url: callbackUrl.optional(),
}

/** Apple Pay token payment (docs/protocol.md, "Apple Pay"). */
export const applePayRequest = z.strictObject({
  ...mpgsTokenRequest,
  service: z.literal('service.mpgs.token.ApplePay'),
  pay_scene: z.enum(APPLE_PAY_SCENES),
})
export type ApplePayRequest = z.infer<typeof applePayRequest>

/** Google Pay token payment (docs/protocol.md, "Google Pay"): `token_id` is Google's token string. */
export const googlePayRequest = z.strictObject({
  ...mpgsTokenRequest,
  service: z.literal('service.mpgs.token.GooglePay'),
  pay_scene: z.literal('TOKEN_GOOGLE_PAY'),
})
export type GooglePayRequest = z.infer<typeof googlePayRequest>

const queryFields = {
  ...signedEnvelope,
  querytype: z.literal('OUT_TRADE'),
  eft_trade_no: eftpayId.optional(),
  out_trade_no: str(28).optional(),
  refund_no: str(28).optional(),
}
const namesAnOrder = (q: { eft_trade_no?: string; out_trade_no?: string }) =>
  Boolean(q.eft_trade_no || q.out_trade_no)
const namesAnOrderProblem = {
  message: 'either eft_trade_no or out_trade_no is required',
  path: ['out_trade_no'],
}

/** Order or refund query on `QRcodeTradeQuery.do` (docs/protocol.md, "Query"). No `service`. */
export const queryRequest = z.strictObject(queryFields).refine(namesAnOrder, namesAnOrderProblem)
export type QueryRequest = z.infer<typeof queryRequest>

/**
 * The same query as `service.common.Query` on `JSAPIService.do`, for token orders under
 * `EFTPAY_TOKEN_QUERY=service.common.Query` (docs/protocol.md "Apple Pay").
 */
export const commonQueryRequest = z
  .strictObject({ ...queryFields, service: z.literal('service.common.Query') })
  .refine(namesAnOrder, namesAnOrderProblem)

/** Web / WAP refund (docs/protocol.md, "Refund"). */
export const refundRequest = z.strictObject({
  ...signedEnvelope,
  service: str(64),
  return_amount: amount,
  total_fee: amount,
  out_trade_no: str(28),
  eft_trade_no: eftpayId.optional(),
  out_refund_no: str(28),
  payType,
  buyerType,
  wallet: z.union([wallet, z.literal('MPGS')]),
  reason: str(256).optional(),
  pay_scene: payScene,
  notify_url: callbackUrl.optional(),
})
export type RefundRequest = z.infer<typeof refundRequest>

/** Refund-to-account status (docs/protocol.md, "Refund"). */
export const refundStatusQueryRequest = z.strictObject({
  ...signedEnvelope,
  service: z.literal('service.unified.RefundStatusQuery'),
  querytype: z.literal('OUT_TRADE'),
  eft_trade_no: eftpayId.optional(),
  out_trade_no: str(28).optional(),
  refund_no: str(28),
})
export type RefundStatusQueryRequest = z.infer<typeof refundStatusQueryRequest>

/** Our acknowledgement of a notification (docs/protocol.md, "Notification"). */
export const notifyAck = z.strictObject({
  return_code: z.enum(['success', 'false']),
  time: gatewayTime,
  sign: z.string().length(64),
})
export type NotifyAck = z.infer<typeof notifyAck>

// ---------------------------------------------------------------------------------------------
// Replies and notifications (untrusted: unknown fields kept, every value a string)

const wire = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).catchall(z.string())

/** Fields every reply has. `return_status` "00" only means the request was taken. */
export const replyEnvelope = wire({
  return_status: z.string().min(1).max(3),
  return_char: z.string().max(100).optional(),
  time: gatewayTime.optional(),
  sign: z.string().optional(),
})
export type ReplyEnvelope = z.infer<typeof replyEnvelope>

/**
 * An accepted PreOrder reply: where to send the shopper. Which `pay_apptrade` links are usable
 * depends on the wallet and the gateway (docs/protocol.md "Pay links"): the client checks that
 * after parsing (pay-link.ts).
 */
export const preOrderReply = wire({
  return_status: z.literal('00'),
  pay_apptrade: z.string().min(1),
  eft_trade_no: eftpayId,
  out_trade_no: str(28),
})
export type PreOrderReply = z.infer<typeof preOrderReply>

/** An accepted token-payment or query reply: the trade and its status. */
export const tradeReply = wire({
  return_status: z.literal('00'),
  out_trade_no: str(28),
  eft_trade_no: z.string().optional(),
  trade_status: z.string().min(1).max(32),
})
export type TradeReply = z.infer<typeof tradeReply>

/** An accepted refund reply. */
export const refundReply = wire({
  return_status: z.literal('00'),
  out_trade_no: str(28),
  out_refund_no: str(28).optional(),
  trade_status: z.string().min(1).max(32),
})
export type RefundReply = z.infer<typeof refundReply>

/** An accepted refund-status reply. */
export const refundStatusReply = wire({
  return_status: z.literal('00'),
  refund_no: str(28),
  refund_status: z.string().min(1).max(16),
})
export type RefundStatusReply = z.infer<typeof refundStatusReply>

/** Async notification, web/WAP/cashier/token scene. `total_fee` may lack decimals (Notify pages). */
export const notification = wire({
  notify_type: z.literal('trade_status_sync').optional(),
  user_confirm_key: str(12),
  out_trade_no: str(28),
  eft_trade_no: z.string().optional(),
  eftpay_trade_no: z.string().optional(),
  total_fee: z
    .string()
    .regex(/^\d{1,8}(\.\d{1,2})?$/, 'must be an amount')
    .optional(),
  currency: z.string().max(5).optional(),
  trade_status: z.string().min(1).max(32),
  time: gatewayTime,
  sign: z.string().min(1),
})
export type Notification = z.infer<typeof notification>
