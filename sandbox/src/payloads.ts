import type { SignFault } from './faults.js'
import { type Clock, formatGatewayDateTime, formatGatewayTime } from './hk-time.js'
import type { SaleStatus, SandboxOrder } from './orders.js'
import { type SignVariant, signed } from './wire.js'

/**
 * The signed payloads the sandbox sends: replies, notifications and the browser return
 * (docs/protocol.md, "Notification"). Like the pages' examples, they may carry empty values
 * (`"return_char": ""`, `"tid": ""`, `"trade_no": ""` on a failed trade); whether `k=` is in the
 * signed string is the sandbox's `signVariant` (default: dropped), so verifiers must try both.
 */

/**
 * Adds `sign` to a payload, keeping empty values in the body: signed the sandbox's way (`variant`),
 * or as a fault says (another variant, or a wrong sign: the right one reversed).
 */
export function signReply(
  fields: Readonly<Record<string, string>>,
  secret: string,
  variant: SignVariant = 'empty-dropped',
  fault?: SignFault,
): Record<string, string> {
  const payload = signed(fields, secret, fault?.sign_variant ?? variant)
  if (fault?.wrong_signature) payload.sign = [...(payload.sign ?? '')].reverse().join('')
  return payload
}

/** Card details for card wallets (MPGS, AE): a scheme and a masked number of 8 characters (Notification pages). */
export function cardFields(order: SandboxOrder): Record<string, string> {
  if (order.wallet === 'MPGS') return { card_scheme: 'VISA', card_number: '****1111' }
  if (order.wallet === 'AE') return { card_scheme: 'AMEX', card_number: '****0005' }
  return {}
}

/**
 * The QR scene's notification (page "Asynchronous Notification", QR-code scene): `payment_type`
 * for the wallet, `subject` and `buyer_id`, eftPay's number as `eftpay_trade_no` only, and no
 * `notify_type` or `trade_no`.
 */
function qrNotificationFields(
  order: SandboxOrder,
  status: SaleStatus,
  userKey: string,
  clock: Clock,
): Record<string, string> {
  const paid = status === 'TRADE_SUCCESS'
  return {
    trade_type: 'SALE',
    user_confirm_key: userKey,
    transaction_id: paid ? (order.tradeNo ?? '') : '',
    out_trade_no: order.outTradeNo,
    subject: order.subject,
    total_fee: order.amount,
    currency: order.currency,
    trade_status: status,
    gmt_payment: paid && order.settledAt ? formatGatewayDateTime(order.settledAt) : '',
    payment_type: order.wallet,
    buyer_id: '',
    tid: order.tid ?? '',
    eftpay_trade_no: order.eftTradeNo,
    time: formatGatewayTime(clock()),
  }
}

/** `trade_status_sync` notification fields (Notification pages), unsigned; the QR scene's own shape for its orders. */
export function notificationFields(
  order: SandboxOrder,
  status: SaleStatus,
  userKey: string,
  clock: Clock,
): Record<string, string> {
  if (order.scene === 'qrcode') return qrNotificationFields(order, status, userKey, clock)
  const paid = status === 'TRADE_SUCCESS'
  return {
    notify_type: 'trade_status_sync',
    user_confirm_key: userKey,
    trade_no: paid ? (order.tradeNo ?? '') : '',
    transaction_id: paid ? (order.tradeNo ?? '') : '',
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    // The amount as the merchant sent it: the docs' example has "1" (Notification pages).
    total_fee: order.amount,
    currency: order.currency,
    trade_status: status,
    gmt_payment: paid && order.settledAt ? formatGatewayDateTime(order.settledAt) : '',
    wallet: order.wallet,
    tid: order.tid ?? '',
    trade_type: 'SALE',
    ...(paid ? cardFields(order) : {}),
    time: formatGatewayTime(clock()),
  }
}

/** The browser return payload (docs/protocol.md, "Notification"): the notification's fields plus `return_status`/`return_char`. */
export function returnFields(
  order: SandboxOrder,
  status: SaleStatus,
  userKey: string,
  clock: Clock,
): Record<string, string> {
  return {
    ...notificationFields(order, status, userKey, clock),
    return_status: '00',
    return_char: '',
  }
}
