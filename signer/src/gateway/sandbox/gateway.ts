import type { z } from 'zod'
import { isAmount, toCents } from '../../money.js'
import {
  type Clock,
  formatGatewayDateTime,
  formatGatewayTime,
  parseGatewayTime,
} from '../hk-time.js'
import { verify } from '../verify.js'
import type { OrderStore, SandboxOrder, SandboxRefund } from './orders.js'
import { cardFields } from './payloads.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import { type PreOrderService, type RefundService, SCHEMAS, serviceSpec } from './services.js'

/**
 * The two servlets (PROTOCOL.md §1): `JSAPIService.do` and `QRcodeTradeQuery.do`. Each request
 * goes through the same checks in the same order, each with its own return_status (README.md):
 * a flat JSON object of strings, `sign`, `user_confirm_key`, `time` window, `service` known,
 * fields against the service's schema, then business rules. Handlers return the unsigned reply
 * fields; the routes sign them.
 */

export interface GatewayContext {
  userKey: string
  secret: string
  clock: Clock
  timeWindowSeconds: number
  /** Public base of the sandbox app, e.g. `http://127.0.0.1:8787/sandbox`. */
  publicUrl: string
  store: OrderStore
  /** Starts the notification of an order's current state (if it notifies and has a notify_url). */
  notify: (order: SandboxOrder) => void
}

type Fields = Record<string, string>

const AMOUNT_FIELDS = new Set(['transaction_amount', 'return_amount', 'total_fee'])

/** Checks 1–4: the body is a JSON object of strings, signed, from a known merchant, in time. */
export function checkEnvelope(raw: unknown, ctx: GatewayContext): Fields {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SandboxRefusal(RETURN_CODES.BAD_BODY, 'body must be a JSON object')
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string')
      throw new SandboxRefusal(RETURN_CODES.BAD_BODY, `${key} must be a string`)
  }
  const fields = raw as Fields
  if (!verify(fields, ctx.secret).ok)
    throw new SandboxRefusal(RETURN_CODES.SIGNATURE, 'sign is missing or wrong')
  if (fields.user_confirm_key !== ctx.userKey) {
    throw new SandboxRefusal(
      RETURN_CODES.UNKNOWN_USER_KEY,
      'user_confirm_key is missing or unknown',
    )
  }
  const time = fields.time === undefined ? undefined : parseGatewayTime(fields.time)
  if (!time)
    throw new SandboxRefusal(RETURN_CODES.PARAMETER, 'time must be yyyyMMddHHmmss (Hong Kong time)')
  const skewMs = Math.abs(ctx.clock().getTime() - time.getTime())
  if (skewMs > ctx.timeWindowSeconds * 1000) {
    throw new SandboxRefusal(
      RETURN_CODES.TIME_WINDOW,
      `time is more than ${ctx.timeWindowSeconds} s from the gateway clock (HK time)`,
    )
  }
  return fields
}

/** Check 6: the fields against the schema; empty values count as absent (§2.1 step 2, seeds). */
function parse<S extends z.ZodType>(schema: S, fields: Fields): z.infer<S> {
  const present = Object.fromEntries(
    Object.entries(fields).filter(([key, value]) => value !== '' && key !== 'sign'),
  )
  const parsed = schema.safeParse(present)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  if (issue?.code === 'unrecognized_keys') {
    throw new SandboxRefusal(RETURN_CODES.PARAMETER, `unknown field ${issue.keys.join(', ')}`)
  }
  const field = String(issue?.path[0] ?? 'body')
  const code =
    AMOUNT_FIELDS.has(field) && present[field] !== undefined
      ? RETURN_CODES.AMOUNT
      : RETURN_CODES.PARAMETER
  const message =
    present[field] === undefined && issue?.path.length
      ? 'is required'
      : (issue?.message ?? 'is invalid')
  throw new SandboxRefusal(code, `${field} ${message}`)
}

function cents(value: string, field: string): bigint {
  if (!isAmount(value)) throw new SandboxRefusal(RETURN_CODES.AMOUNT, `${field} must be an amount`)
  return toCents(value)
}

/** What every sale request (PreOrder or token payment) gives the order store. */
function saleOrder(req: SaleRequest, amountCents: bigint) {
  return {
    outTradeNo: req.out_trade_no,
    service: req.service,
    payType: req.payType,
    wallet: req.wallet,
    buyerType: req.buyerType,
    payScene: req.pay_scene,
    amount: req.transaction_amount,
    amountCents,
    currency: req.fee_type ?? 'HKD',
    subject: req.subject,
    body: req.body,
    tid: req.tid,
    notifyUrl: req.notify_url,
  }
}

interface SaleRequest {
  out_trade_no: string
  service: string
  payType: string
  wallet: string
  buyerType: string
  pay_scene: string
  transaction_amount: string
  fee_type?: string
  subject: string
  body?: string
  tid?: string
  notify_url?: string
}

function accepted(ctx: GatewayContext, fields: Fields): Fields {
  return {
    ...fields,
    return_status: RETURN_CODES.OK,
    return_char: '',
    time: formatGatewayTime(ctx.clock()),
  }
}

/** `POST /VMP/Servlet/JSAPIService.do`. */
export function handleJsapi(raw: unknown, ctx: GatewayContext): Fields {
  const fields = checkEnvelope(raw, ctx)
  const service = fields.service
  if (!service) throw new SandboxRefusal(RETURN_CODES.PARAMETER, 'service is required')
  const spec = serviceSpec(service)
  if (!spec)
    throw new SandboxRefusal(RETURN_CODES.UNKNOWN_SERVICE, `service ${service} is not offered`)
  switch (spec.kind) {
    case 'preorder':
      return preOrder(spec, fields, ctx)
    case 'apple-pay':
      return applePay(fields, ctx)
    case 'refund':
      return refund(spec, fields, ctx)
    case 'refund-status':
      return refundStatus(fields, ctx)
  }
}

function preOrder(spec: PreOrderService, fields: Fields, ctx: GatewayContext): Fields {
  const req = parse(SCHEMAS.preorder, fields)
  if (req.payType !== spec.payType)
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      `payType must be ${spec.payType} for this service`,
    )
  if (!spec.wallets.includes(req.wallet)) {
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      `wallet must be one of ${spec.wallets.join(', ')} for this service`,
    )
  }
  if (!spec.scenes.includes(req.pay_scene)) {
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      `pay_scene must be one of ${spec.scenes.join(', ')} for this service`,
    )
  }
  const amountCents = cents(req.transaction_amount, 'transaction_amount')
  // Seeds, PayMe UAT: .44 is a server error with no payment QR code: no order is created.
  if (req.wallet === 'PAYME' && amountCents % 100n === 44n) {
    throw new SandboxRefusal(
      RETURN_CODES.PROCESSOR_NO_QR,
      'PayMe server error: no payment QR code (UAT amount .44)',
    )
  }
  const order = ctx.store.create({
    ...saleOrder(req, amountCents),
    returnUrl: req.return_url,
    lang: req.lang,
    activeSeconds: req.active_time ? Number(req.active_time) : 1800,
    notifies: spec.notifies,
    showQr: spec.qrScenes.includes(req.pay_scene),
  })
  return accepted(ctx, {
    pay_apptrade: `${ctx.publicUrl}/pay/${order.eftTradeNo}`,
    user_confirm_key: ctx.userKey,
    out_trade_no: order.outTradeNo,
    payType: order.payType,
    buyerType: order.buyerType,
    wallet: order.wallet,
    eft_trade_no: order.eftTradeNo,
    fee_type: order.currency,
    transaction_amount: order.amount,
    tid: order.tid ?? '',
  })
}

/** §9: token_id is the JSON of Apple's `paymentData`: `version`, `data`, `signature`, `header`. */
function parseToken(tokenId: string): { data: string } {
  let token: unknown
  try {
    token = JSON.parse(tokenId)
  } catch {
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      'token_id must be the JSON of the Apple Pay paymentData',
    )
  }
  const t = token as Record<string, unknown> | null
  const ok =
    typeof t === 'object' &&
    t !== null &&
    typeof t.version === 'string' &&
    typeof t.data === 'string' &&
    typeof t.signature === 'string' &&
    typeof t.header === 'object' &&
    t.header !== null
  if (!ok)
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      'token_id must have version, data, signature and header',
    )
  return { data: t.data as string }
}

function applePay(fields: Fields, ctx: GatewayContext): Fields {
  const req = parse(SCHEMAS['apple-pay'], fields)
  const token = parseToken(req.token_id)
  const amountCents = cents(req.transaction_amount, 'transaction_amount')
  // README.md: cents .77 or a token whose data contains DECLINE are declined (seed's failure example).
  const declined = amountCents % 100n === 77n || token.data.includes('DECLINE')
  const order = ctx.store.create({
    ...saleOrder(req, amountCents),
    activeSeconds: 1800,
    notifies: true,
    showQr: false,
    settled: declined ? 'TRADE_CLOSED' : 'TRADE_SUCCESS',
  })
  ctx.notify(order)
  const paid = !declined
  // Field order and empty values as in seeds/apple-pay-token-payment.txt (token_id is not echoed).
  return accepted(ctx, {
    token_id: '',
    user_confirm_key: ctx.userKey,
    trade_no: paid ? (order.tradeNo ?? '') : '',
    transaction_id: paid ? (order.tradeNo ?? '') : '',
    gmt_payment: paid && order.settledAt ? formatGatewayDateTime(order.settledAt) : '',
    trade_type: 'SALE',
    pay_scene: order.payScene,
    out_trade_no: order.outTradeNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    total_fee: order.amount,
    currency: order.currency,
    wallet: order.wallet,
    trade_status: ctx.store.status(order),
    tid: order.tid ?? '',
  })
}

function refund(spec: RefundService, fields: Fields, ctx: GatewayContext): Fields {
  const req = parse(SCHEMAS.refund, fields)
  const order = ctx.store.find({ eftTradeNo: req.eft_trade_no, outTradeNo: req.out_trade_no })
  if (!order) throw new SandboxRefusal(RETURN_CODES.ORDER_NOT_FOUND, 'no such order')
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
  if (cents(req.total_fee, 'total_fee') !== order.amountCents) {
    throw new SandboxRefusal(RETURN_CODES.AMOUNT, 'total_fee must be the amount of the sale')
  }
  const amountCents = cents(req.return_amount, 'return_amount')
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
    // §6.1: a refund moves through TRADE_PROCESSING; its final state is read by query.
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

function findRefundOf(order: SandboxOrder, refundNo: string): SandboxRefund {
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

function refundStatus(fields: Fields, ctx: GatewayContext): Fields {
  const req = parse(SCHEMAS['refund-status'], fields)
  const order = ctx.store.find({ eftTradeNo: req.eft_trade_no, outTradeNo: req.out_trade_no })
  if (!order) throw new SandboxRefusal(RETURN_CODES.ORDER_NOT_FOUND, 'no such order')
  const theRefund = findRefundOf(order, req.refund_no)
  const status = ctx.store.refundStatus(order, theRefund)
  return accepted(ctx, {
    out_trade_no: order.outTradeNo,
    refund_no: theRefund.outRefundNo,
    eft_trade_no: order.eftTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    trade_status: status,
    refund_status: REFUND_STATUS[status],
    // §6.3: the account the money went back to, WeChat only.
    recv_account: order.payType === 'WeChat' && status !== 'TRADE_FAIL' ? 'WeChat balance' : '',
    user_confirm_key: ctx.userKey,
    trade_type: 'REFUND',
    buyer_id: '',
    tid: order.tid ?? '',
    transaction_id: order.tradeNo ?? '',
    trade_no: order.tradeNo ?? '',
  })
}

/** `POST /VMP/Servlet/QRcodeTradeQuery.do` (§5.1): a sale, or one of its refunds with `refund_no`. */
export function handleQuery(raw: unknown, ctx: GatewayContext): Fields {
  const fields = checkEnvelope(raw, ctx)
  const req = parse(SCHEMAS.query, fields)
  const order = ctx.store.find({ eftTradeNo: req.eft_trade_no, outTradeNo: req.out_trade_no })
  if (!order) throw new SandboxRefusal(RETURN_CODES.ORDER_NOT_FOUND, 'no such order')
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
  // Seeds, PayMe UAT .45: "server error, no state" until the order expires.
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
