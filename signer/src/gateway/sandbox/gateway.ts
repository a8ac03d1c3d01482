import { isAmount, toCents } from '../../money.js'
import { type Clock, formatGatewayTime, parseGatewayTime } from '../hk-time.js'
import { checkFields, type RequestKind } from './field-table.js'
import type { OrderStore, SandboxOrder } from './orders.js'
import { refund, refundStatus } from './refunds.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import { type PreOrderService, serviceSpec } from './services.js'
import { tokenPayment } from './token-payments.js'
import { signedBy } from './wire.js'

/**
 * The two servlets (docs/protocol.md, "Transport"): `JSAPIService.do` and `QRcodeTradeQuery.do`.
 * Each request goes through the same checks in the same order, each with its own return_status
 * (README.md): a flat JSON object of strings, `sign`, `user_confirm_key`, `time` window, `service`
 * known, fields against the sandbox's own field table, then business rules. Handlers return the
 * unsigned reply fields; the routes sign them.
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
  if (!signedBy(fields, ctx.secret))
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

/** Check 6: the fields against the sandbox's table, typed for the handler that asked. */
export function parse<T>(kind: RequestKind, fields: Fields): T {
  return checkFields(kind, fields) as T
}

export function cents(value: string, field: string): bigint {
  if (!isAmount(value)) throw new SandboxRefusal(RETURN_CODES.AMOUNT, `${field} must be an amount`)
  return toCents(value)
}

/** What every sale request (PreOrder or token payment) gives the order store. */
export function saleOrder(req: SaleRequest, amountCents: bigint) {
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

export interface SaleRequest {
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

interface PreOrderRequest extends SaleRequest {
  return_url?: string
  lang?: string
  active_time?: string
}

export function accepted(ctx: GatewayContext, fields: Fields): Fields {
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
    case 'token':
      return tokenPayment(spec, fields, ctx)
    case 'refund':
      return refund(spec, fields, ctx)
    case 'refund-status':
      return refundStatus(fields, ctx)
  }
}

function preOrder(spec: PreOrderService, fields: Fields, ctx: GatewayContext): Fields {
  const req = parse<PreOrderRequest>('preorder', fields)
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
  // Page "Place an Order (App scene)": Alipay and WeChat take active_time in whole minutes.
  const minutesOnly = req.payType === 'Alipay' || req.payType === 'WeChat'
  if (minutesOnly && req.active_time && Number(req.active_time) % 60 !== 0)
    throw new SandboxRefusal(RETURN_CODES.PARAMETER, 'active_time must be a multiple of 60')
  const amountCents = cents(req.transaction_amount, 'transaction_amount')
  // Page "Place an Order", PayMe UAT: .44 is a server error with no payment QR code: no order is created.
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
