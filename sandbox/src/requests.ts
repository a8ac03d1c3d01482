import { amountToCents, isAmount } from './amounts.js'
import { checkFields, type RequestKind } from './field-table.js'
import { type Clock, formatGatewayTime, parseGatewayTime } from './hk-time.js'
import type { OrderStore, SandboxOrder } from './orders.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import { acceptedSignatures, type Variants } from './variants.js'
import { signedBy } from './wire.js'

/**
 * What every servlet handler shares (gateway.ts, refunds.ts, token-payments.ts): the gateway's
 * context, the envelope checks 1–4, the field check against the sandbox's own table, amounts in
 * cents, and the shape of an accepted reply.
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
  /** The protocol variants in play now (they may change between requests: POST /variants). */
  variants: () => Readonly<Variants>
}

export type Fields = Record<string, string>

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
  if (!signedBy(fields, ctx.secret, acceptedSignatures(ctx.variants())))
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
  return amountToCents(value)
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

/** The refusal for an order the sandbox does not have, with the code the variants name. */
export function noSuchOrder(ctx: GatewayContext): SandboxRefusal {
  return new SandboxRefusal(ctx.variants().order_not_found_code, 'no such order')
}

export function accepted(ctx: GatewayContext, fields: Fields): Fields {
  return {
    ...fields,
    return_status: RETURN_CODES.OK,
    return_char: '',
    time: formatGatewayTime(ctx.clock()),
  }
}
