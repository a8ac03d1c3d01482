import { formatGatewayTime } from './hk-time.js'
import type { SandboxOrder, SandboxRefund } from './orders.js'
import { accepted, cents, type GatewayContext, noSuchOrder, parse } from './requests.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import type { RefundService } from './services.js'

/** Refund and refund-status services on `JSAPIService.do` (docs/protocol.md, "Refund"). */

type Fields = Record<string, string>

interface RefundRequest {
  service: string
  return_amount: string
  total_fee: string
  out_trade_no: string
  eft_trade_no?: string
  out_refund_no: string
  payType: string
  wallet: string
  reason?: string
}

interface RefundStatusRequest {
  eft_trade_no?: string
  out_trade_no?: string
  refund_no: string
}

export function refund(spec: RefundService, fields: Fields, ctx: GatewayContext): Fields {
  const req = parse<RefundRequest>('refund', fields)
  const order = ctx.store.find({ eftTradeNo: req.eft_trade_no, outTradeNo: req.out_trade_no })
  if (!order) throw noSuchOrder(ctx)
  if (spec.payTypes && !spec.payTypes.includes(order.payType)) {
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      `service ${req.service} does not refund ${order.payType} orders`,
    )
  }
  if (req.wallet !== order.wallet)
    throw new SandboxRefusal(RETURN_CODES.PARAMETER, 'wallet must be the wallet of the sale')
  if (req.payType !== order.payType)
    throw new SandboxRefusal(RETURN_CODES.PARAMETER, 'payType must be the payType of the sale')
  const amountCents = cents(req.return_amount, 'return_amount')
  // docs/protocol.md "Refund": total_fee is the sale's total; the variant plays the other reading.
  const refundAmountReading = ctx.variants().refund_total_fee === 'refund-amount'
  const expectedTotalFee = refundAmountReading ? amountCents : order.amountCents
  if (cents(req.total_fee, 'total_fee') !== expectedTotalFee) {
    throw new SandboxRefusal(
      RETURN_CODES.AMOUNT,
      refundAmountReading
        ? 'total_fee must be the amount of this refund (return_amount)'
        : 'total_fee must be the amount of the sale',
    )
  }
  const existing = ctx.store.findRefund(req.out_refund_no)
  let theRefund: SandboxRefund
  if (existing) {
    // Sending the same refund again (a retry after a timeout) answers the refund already made.
    if (existing.order !== order || existing.refund.amountCents !== amountCents) {
      throw new SandboxRefusal(
        RETURN_CODES.DUPLICATE_OUT_REFUND_NO,
        `out_refund_no ${req.out_refund_no} was already used`,
      )
    }
    theRefund = existing.refund
  } else {
    theRefund = ctx.store.refund(order, {
      outRefundNo: req.out_refund_no,
      amount: req.return_amount,
      amountCents,
      reason: req.reason,
    })
  }
  return accepted(ctx, {
    out_trade_no: order.outTradeNo,
    out_refund_no: theRefund.outRefundNo,
    refund_no: theRefund.outRefundNo,
    eft_trade_no: order.eftTradeNo,
    // docs/protocol.md "Refund": a refund moves through TRADE_PROCESSING; its final state is read by query.
    trade_status: existing ? ctx.store.refundStatus(order, theRefund) : 'TRADE_PROCESSING',
    refund_time: formatGatewayTime(theRefund.createdAt),
    return_amount: theRefund.amount,
    user_confirm_key: ctx.userKey,
    payType: order.payType,
    buyerType: order.buyerType,
    wallet: order.wallet,
    fee_type: order.currency,
  })
}

export function findRefundOf(order: SandboxOrder, refundNo: string): SandboxRefund {
  const refund = order.refunds.find((r) => r.outRefundNo === refundNo)
  if (!refund)
    throw new SandboxRefusal(RETURN_CODES.REFUND_NOT_FOUND, `no refund ${refundNo} on this order`)
  return refund
}

const REFUND_STATUS = {
  TRADE_PROCESSING: 'PROCESSING',
  TRADE_FAIL: 'FAIL',
  TRADE_REFUND: 'SUCCESS',
  TRADE_CLOSED: 'SUCCESS',
} as const

export function refundStatus(fields: Fields, ctx: GatewayContext): Fields {
  const req = parse<RefundStatusRequest>('refund-status', fields)
  const order = ctx.store.find({ eftTradeNo: req.eft_trade_no, outTradeNo: req.out_trade_no })
  if (!order) throw noSuchOrder(ctx)
  const theRefund = findRefundOf(order, req.refund_no)
  const status = ctx.store.refundStatus(order, theRefund)
  return accepted(ctx, {
    out_trade_no: order.outTradeNo,
    refund_no: theRefund.outRefundNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    trade_status: status,
    refund_status: REFUND_STATUS[status],
    // Refund Status Query page: the account the money went back to, WeChat only.
    recv_account: order.payType === 'WeChat' && status !== 'TRADE_FAIL' ? 'WeChat balance' : '',
    user_confirm_key: ctx.userKey,
    trade_type: 'REFUND',
    buyer_id: '',
    tid: order.tid ?? '',
    transaction_id: order.tradeNo ?? '',
    trade_no: order.tradeNo ?? '',
  })
}
