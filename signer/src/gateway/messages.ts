import { z } from 'zod'
import {
  amount,
  buyerType,
  callbackUrl,
  currency,
  gatewayLang,
  gatewayTime,
  payScene,
  payType,
  returnUrl,
  str,
  wallet,
} from './fields.js'

/**
 * Every message the signer exchanges with the gateway, as zod schemas with the gateway's limits
 * (PROTOCOL.md §4–§7). Requests are strict: an unknown or malformed field is an error naming the
 * field before anything is signed. Replies and notifications come from an untrusted party and may
 * grow new fields (§1 "Compatibility"), so they keep unknown fields, which must still be strings.
 */

const signedEnvelope = { user_confirm_key: str(12), time: gatewayTime }

// ---------------------------------------------------------------------------------------------
// Requests (JSAPIService.do unless noted)

/** Web / WAP PreOrder (§4.1, seeds/place-an-order.txt). */
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
  active_time: z
    .string()
    .regex(/^[1-9]\d{0,6}$/, 'must be a whole number of seconds')
    .optional(),
  lang: gatewayLang.optional(),
  scheme: str(128).optional(),
  packageName: str(128).optional(),
  app_link: str(240).optional(),
})
export type PreOrderRequest = z.infer<typeof preOrderRequest>

/** Apple Pay token payment (§4.5, seeds/apple-pay-token-payment.txt). */
export const applePayRequest = z.strictObject({
  ...signedEnvelope,
  service: z.literal('service.mpgs.token.ApplePay'),
  token_id: z.string().min(1, 'must not be empty').max(16_384, 'must be at most 16384 characters'),
  transaction_amount: amount,
  out_trade_no: str(28),
  payType: z.literal('Mpgs'),
  buyerType,
  subject: str(256),
  wallet: z.literal('MPGS'),
  body: str(128).optional(),
  pay_scene: z.literal('TOKEN_APPLE_PAY'),
  fee_type: currency.optional(),
  tid: str(20).optional(),
  notify_url: callbackUrl.optional(),
})
export type ApplePayRequest = z.infer<typeof applePayRequest>

/** Order or refund query on `QRcodeTradeQuery.do` (§5.1). No `service` field. */
export const queryRequest = z
  .strictObject({
    ...signedEnvelope,
    querytype: z.literal('OUT_TRADE'),
    eft_trade_no: str(28).optional(),
    out_trade_no: str(28).optional(),
    refund_no: str(28).optional(),
  })
  .refine((q) => q.eft_trade_no || q.out_trade_no, {
    message: 'either eft_trade_no or out_trade_no is required',
    path: ['out_trade_no'],
  })
export type QueryRequest = z.infer<typeof queryRequest>

/** Web / WAP refund (§6.1). */
export const refundRequest = z.strictObject({
  ...signedEnvelope,
  service: str(64),
  return_amount: amount,
  total_fee: amount,
  out_trade_no: str(28),
  eft_trade_no: str(28).optional(),
  out_refund_no: str(28),
  payType,
  buyerType,
  wallet: z.union([wallet, z.literal('MPGS')]),
  reason: str(256).optional(),
  pay_scene: payScene,
  notify_url: callbackUrl.optional(),
})
export type RefundRequest = z.infer<typeof refundRequest>

/** Refund-to-account status (§6.3). */
export const refundStatusQueryRequest = z.strictObject({
  ...signedEnvelope,
  service: z.literal('service.unified.RefundStatusQuery'),
  querytype: z.literal('OUT_TRADE'),
  eft_trade_no: str(28).optional(),
  out_trade_no: str(28).optional(),
  refund_no: str(28),
})
export type RefundStatusQueryRequest = z.infer<typeof refundStatusQueryRequest>

/** Our acknowledgement of a notification (§7.1, open question 3). */
export const notifyAck = z.strictObject({
  return_code: z.enum(['success', 'false']),
  time: gatewayTime,
  sign: z.string().length(64),
})
export type NotifyAck = z.infer<typeof notifyAck>

// ---------------------------------------------------------------------------------------------
// Replies and notifications (untrusted: unknown fields kept, every value a string)

const wire = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).catchall(z.string())

/** Fields every reply has. `return_status` "00" only means the request was taken (§1). */
export const replyEnvelope = wire({
  return_status: z.string().min(1).max(3),
  return_char: z.string().max(100).optional(),
  time: gatewayTime.optional(),
  sign: z.string().optional(),
})
export type ReplyEnvelope = z.infer<typeof replyEnvelope>

/** An accepted PreOrder reply (§4.1): where to send the shopper. */
export const preOrderReply = wire({
  return_status: z.literal('00'),
  pay_apptrade: z.string().min(1),
  eft_trade_no: str(64),
  out_trade_no: str(28),
})
export type PreOrderReply = z.infer<typeof preOrderReply>

/** An accepted token-payment or query reply: the trade and its status (§4.5, §5.1). */
export const tradeReply = wire({
  return_status: z.literal('00'),
  out_trade_no: str(28),
  eft_trade_no: z.string().max(64).optional(),
  trade_status: z.string().min(1).max(32),
})
export type TradeReply = z.infer<typeof tradeReply>

/** An accepted refund reply (§6.1). */
export const refundReply = wire({
  return_status: z.literal('00'),
  out_trade_no: str(28),
  out_refund_no: str(28).optional(),
  trade_status: z.string().min(1).max(32),
})
export type RefundReply = z.infer<typeof refundReply>

/** An accepted refund-status reply (§6.3). */
export const refundStatusReply = wire({
  return_status: z.literal('00'),
  refund_no: str(28),
  refund_status: z.string().min(1).max(16),
})
export type RefundStatusReply = z.infer<typeof refundStatusReply>

/** Async notification, web/WAP/cashier/token scene (§7.1). `total_fee` may lack decimals. */
export const notification = wire({
  notify_type: z.literal('trade_status_sync').optional(),
  user_confirm_key: str(12),
  out_trade_no: str(28),
  eft_trade_no: z.string().max(64).optional(),
  eftpay_trade_no: z.string().max(64).optional(),
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
