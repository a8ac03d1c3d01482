import { qrCodeFor } from './qr-codes.js'
import { queryReply } from './query.js'
import {
  accepted,
  cents,
  type Fields,
  type GatewayContext,
  noSuchOrder,
  parse,
} from './requests.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import type { QrPreOrderService, QrQueryService } from './services.js'

/**
 * The merchant-presented QR scene (docs/protocol.md, "Merchant-presented QR scene"): a PreOrder
 * answered with the code the shopper scans (`qr_code`), and the scene's own query service per
 * product. Field names are lower case (`paytype`, `buyertype`, `payment_type`).
 */

interface QrPreOrderRequest {
  service: string
  transaction_amount: string
  out_trade_no: string
  paytype: string
  buyertype: string
  subject: string
  payment_type: string
  tid?: string
  notify_url?: string
}

interface QrQueryRequest {
  out_trade_no: string
  refund_no?: string
  paytype: string
  payment_type: string
}

/** The scene's active time: the page has no `active_time`; **assumption**, as the web default (1800 s). */
const QR_ACTIVE_SECONDS = 1800

/** `paytype` and `payment_type` must be the service's (page "Place an Order", QR-code scene, service table). */
function checkProduct(
  spec: { paytype: string; paymentTypes: readonly string[] },
  req: { paytype: string; payment_type: string },
): void {
  if (req.paytype !== spec.paytype)
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      `paytype must be ${spec.paytype} for this service`,
    )
  if (!spec.paymentTypes.includes(req.payment_type))
    throw new SandboxRefusal(
      RETURN_CODES.PARAMETER,
      `payment_type must be one of ${spec.paymentTypes.join(', ')} for this service`,
    )
}

/** `service.{fps,payme,alipay,wechat}.qrcode.PreOrder`. */
export function qrPreOrder(spec: QrPreOrderService, fields: Fields, ctx: GatewayContext): Fields {
  const req = parse<QrPreOrderRequest>('qr-preorder', fields)
  checkProduct(spec, req)
  const amountCents = cents(req.transaction_amount, 'transaction_amount')
  // Page "Place an Order", PayMe UAT: .44 is a server error with no payment QR code: no order.
  if (req.payment_type === 'PAYME' && amountCents % 100n === 44n) {
    throw new SandboxRefusal(
      RETURN_CODES.PROCESSOR_NO_QR,
      'PayMe server error: no payment QR code (UAT amount .44)',
    )
  }
  const order = ctx.store.create({
    outTradeNo: req.out_trade_no,
    service: req.service,
    payType: req.paytype,
    wallet: req.payment_type,
    buyerType: req.buyertype,
    payScene: '',
    amount: req.transaction_amount,
    amountCents,
    // The QR scene's page has no fee_type: Hong Kong dollars.
    currency: 'HKD',
    subject: req.subject,
    tid: req.tid,
    notifyUrl: req.notify_url,
    activeSeconds: QR_ACTIVE_SECONDS,
    notifies: spec.notifies,
    showQr: true,
    scene: 'qrcode',
  })
  order.qrCode = qrCodeFor(order, ctx.publicUrl)
  // **Assumption** (docs/protocol.md, "Merchant-presented QR scene"): the reply names eftPay's
  // order as the scene's notification does (`eftpay_trade_no`) and echoes the request's product.
  return accepted(ctx, {
    qr_code: order.qrCode,
    user_confirm_key: ctx.userKey,
    out_trade_no: order.outTradeNo,
    eftpay_trade_no: order.eftTradeNo,
    paytype: order.payType,
    payment_type: order.wallet,
    transaction_amount: order.amount,
    tid: order.tid ?? '',
  })
}

/** `service.{fps,payme,alipay,wechat}.qrcode.Query`: only orders this scene placed for this product. */
export function qrQuery(spec: QrQueryService, fields: Fields, ctx: GatewayContext): Fields {
  const req = parse<QrQueryRequest>('qr-query', fields)
  checkProduct(spec, req)
  const order = ctx.store.find({ outTradeNo: req.out_trade_no })
  if (order?.scene !== 'qrcode' || order.payType !== spec.paytype) throw noSuchOrder(ctx)
  return queryReply(order, req, ctx)
}
