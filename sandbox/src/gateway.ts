import { qrPreOrder, qrQuery } from './qr-scene.js'
import { commonQuery } from './query.js'
import { refund, refundStatus } from './refunds.js'
import {
  accepted,
  cents,
  checkEnvelope,
  type Fields,
  type GatewayContext,
  parse,
  type SaleRequest,
  saleOrder,
} from './requests.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import { type PreOrderService, serviceSpec } from './services.js'
import { tokenPayment } from './token-payments.js'

/**
 * The two servlets (docs/protocol.md, "Transport"): `JSAPIService.do` and `QRcodeTradeQuery.do`.
 * Each request goes through the same checks in the same order, each with its own return_status
 * (sandbox/README.md): a flat JSON object of strings, `sign`, `user_confirm_key`, `time` window, `service`
 * known, fields against the sandbox's own field table, then business rules. Handlers return the
 * unsigned reply fields; the routes sign them.
 */

interface PreOrderRequest extends SaleRequest {
  return_url?: string
  lang?: string
  active_time?: string
}

/** `POST /VMP/Servlet/JSAPIService.do`. */
export function handleJsapi(raw: unknown, ctx: GatewayContext): Fields {
  const fields = checkEnvelope(raw, ctx)
  const service = fields.service
  if (!service) throw new SandboxRefusal(RETURN_CODES.PARAMETER, 'service is required')
  const spec = serviceSpec(service, ctx.variants())
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
    case 'query':
      return commonQuery(fields, ctx)
    case 'qr-preorder':
      return qrPreOrder(spec, fields, ctx)
    case 'qr-query':
      return qrQuery(spec, fields, ctx)
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
