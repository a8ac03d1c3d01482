import { type Clock, formatGatewayDateTime, formatGatewayTime } from '../hk-time.js'
import { sign } from '../sign.js'
import type { SaleStatus, SandboxOrder } from './orders.js'

/**
 * The signed payloads the sandbox sends: replies, notifications (§7.1) and the browser return
 * (§7.2). Like the seeds' examples, they may carry empty values (`"return_char": ""`, `"tid": ""`,
 * `"trade_no": ""` on a failed trade); the signature is computed with empty values dropped, as
 * PROTOCOL.md §2.4 says the simulator does, so verifiers must try both canonical forms.
 */

/** Adds `sign` to a payload, keeping empty values in the body but not in the signed string. */
export function signReply(
  fields: Readonly<Record<string, string>>,
  secret: string,
): Record<string, string> {
  return { ...fields, sign: sign(fields, secret) }
}

/** Card details for card wallets (MPGS, AE): a scheme and a masked number of 8 characters (§7.1). */
export function cardFields(order: SandboxOrder): Record<string, string> {
  if (order.wallet === 'MPGS') return { card_scheme: 'VISA', card_number: '****1111' }
  if (order.wallet === 'AE') return { card_scheme: 'AMEX', card_number: '****0005' }
  return {}
}

/** `trade_status_sync` notification fields (§7.1), unsigned. */
export function notificationFields(
  order: SandboxOrder,
  status: SaleStatus,
  userKey: string,
  clock: Clock,
): Record<string, string> {
  const paid = status === 'TRADE_SUCCESS'
  return {
    notify_type: 'trade_status_sync',
    user_confirm_key: userKey,
    trade_no: paid ? (order.tradeNo ?? '') : '',
    transaction_id: paid ? (order.tradeNo ?? '') : '',
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    // The amount as the merchant sent it: the docs' example has "1" (§7.1 note on total_fee).
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

/** The browser return payload (§7.2): the notification's fields plus `return_status`/`return_char`. */
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
