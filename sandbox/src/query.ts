import { formatGatewayDateTime } from './hk-time.js'
import type { SandboxOrder } from './orders.js'
import { cardFields } from './payloads.js'
import { findRefundOf } from './refunds.js'
import { accepted, checkEnvelope, type GatewayContext, noSuchOrder, parse } from './requests.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import { isTokenOrder } from './services.js'

type Fields = Record<string, string>

interface QueryRequest {
  eft_trade_no?: string
  out_trade_no?: string
  refund_no?: string
}

/** `POST /VMP/Servlet/QRcodeTradeQuery.do` (docs/protocol.md, "Query"): a sale, or one of its refunds with `refund_no`. */
export function handleQuery(raw: unknown, ctx: GatewayContext): Fields {
  const fields = checkEnvelope(raw, ctx)
  const req = parse<QueryRequest>('query', fields)
  const order = ctx.store.find({ eftTradeNo: req.eft_trade_no, outTradeNo: req.out_trade_no })
  // The `token_query` variant: token orders live on the other query transport only. Orders of
  // the QR scene are asked through that scene's own query services (qr-scene.ts).
  const elsewhere =
    order?.scene === 'qrcode' ||
    (ctx.variants().token_query === 'service.common.Query' && order && isTokenOrder(order))
  if (!order || elsewhere) throw noSuchOrder(ctx)
  return queryReply(order, req, ctx)
}

/** `service.common.Query` on `JSAPIService.do` (the `token_query` variant): any order, the same reply. */
export function commonQuery(fields: Fields, ctx: GatewayContext): Fields {
  const req = parse<QueryRequest>('common-query', fields)
  const order = ctx.store.find({ eftTradeNo: req.eft_trade_no, outTradeNo: req.out_trade_no })
  if (!order) throw noSuchOrder(ctx)
  return queryReply(order, req, ctx)
}

/** The Query page's reply for a sale, or for one of its refunds when `refund_no` is given. */
export function queryReply(order: SandboxOrder, req: QueryRequest, ctx: GatewayContext): Fields {
  const common = {
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    user_confirm_key: ctx.userKey,
    buyer_id: '',
    tid: order.tid ?? '',
    transaction_id: order.tradeNo ?? '',
    trade_no: order.tradeNo ?? '',
    payment_type: order.wallet,
    currency: order.currency,
  }
  if (req.refund_no !== undefined) {
    const theRefund = findRefundOf(order, req.refund_no)
    return accepted(ctx, {
      ...common,
      refund_no: theRefund.outRefundNo,
      trade_status: ctx.store.refundStatus(order, theRefund),
      trade_type: 'REFUND',
      trade_time: formatGatewayDateTime(theRefund.createdAt),
      transaction_amount: theRefund.amount,
      original_amount: order.amount,
    })
  }
  // Page "Place an Order", PayMe UAT .45: "server error, no state" until the order expires.
  if (ctx.store.hasNoState(order)) {
    throw new SandboxRefusal(
      RETURN_CODES.PROCESSOR_NO_STATE,
      'PayMe server error: no state (UAT amount .45)',
    )
  }
  const status = ctx.store.status(order)
  return accepted(ctx, {
    ...common,
    trade_status: status,
    trade_type: 'SALE',
    trade_time: formatGatewayDateTime(order.createdAt),
    gmt_payment:
      status === 'TRADE_SUCCESS' && order.settledAt ? formatGatewayDateTime(order.settledAt) : '',
    transaction_amount: order.amount,
    ...(status === 'TRADE_SUCCESS' ? cardFields(order) : {}),
  })
}
