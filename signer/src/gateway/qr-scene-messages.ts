import { z } from 'zod'
import { amount, buyerType, callbackUrl, eftpayId, gatewayTime, str } from './fields.js'
import type { TradeReply } from './messages.js'

/**
 * The messages of eftPay's merchant-presented QR scene (docs/protocol.md, "Merchant-presented QR
 * scene"): a PreOrder answered with the code the shopper scans (`qr_code`), and the scene's own
 * query service per product, both on `JSAPIService.do`. Field names are lower case (`paytype`,
 * `buyertype`, `payment_type`), unlike the web scene's camelCase (messages.ts).
 */

/** The wallets this product sends through the QR scene, by the scene's `payment_type`. */
export const QR_WALLETS = ['FPS', 'PAYME', 'ALIPAYBOTH', 'WECHATHK', 'WECHATCN'] as const
export type QrWallet = (typeof QR_WALLETS)[number]

interface QrProduct {
  preOrder: string
  query: string
  paytype: string
}

const product = (name: string, paytype: string): QrProduct => ({
  preOrder: `service.${name}.qrcode.PreOrder`,
  query: `service.${name}.qrcode.Query`,
  paytype,
})

/**
 * Page "Place an Order" (QR-code scene), its service → paytype → payment_type table, and page
 * "Query" (QR-code scene), its service table. ALIPAYBOTH is the code both Alipay apps scan.
 */
export const QR_PRODUCTS: Readonly<Record<QrWallet, QrProduct>> = {
  FPS: product('fps', 'FPS'),
  PAYME: product('payme', 'PAYME'),
  ALIPAYBOTH: product('alipay', 'Alipay'),
  WECHATHK: product('wechat', 'WeChat'),
  WECHATCN: product('wechat', 'WeChat'),
}

/**
 * Page "Asynchronous Notification" (QR-code scene): PayMe and FPS send none, so their orders are
 * followed by the scene's query alone.
 */
export const QR_WALLETS_WITHOUT_NOTIFICATION: readonly QrWallet[] = ['FPS', 'PAYME']

const signedEnvelope = { user_confirm_key: str(12), time: gatewayTime }
const qrPaytype = z.enum(['FPS', 'PAYME', 'Alipay', 'WeChat'])
const qrWallet = z.enum(QR_WALLETS)

/** The QR scene's PreOrder (page "Place an Order", QR-code scene). No pay_scene, fee_type or active_time. */
export const qrPreOrderRequest = z.strictObject({
  ...signedEnvelope,
  service: str(64),
  transaction_amount: amount,
  out_trade_no: str(28),
  paytype: qrPaytype,
  buyertype: buyerType,
  subject: str(256),
  payment_type: qrWallet,
  tid: str(20).optional(),
  notify_url: callbackUrl.optional(),
})
export type QrPreOrderRequest = z.infer<typeof qrPreOrderRequest>

/** The scene's query (page "Query", QR-code scene): by `out_trade_no`, naming the product. */
export const qrQueryRequest = z.strictObject({
  ...signedEnvelope,
  service: str(64),
  querytype: z.literal('OUT_TRADE'),
  out_trade_no: str(28),
  refund_no: str(28).optional(),
  paytype: qrPaytype,
  buyertype: buyerType,
  payment_type: qrWallet,
})
export type QrQueryRequest = z.infer<typeof qrQueryRequest>

/**
 * The longest `qr_code` taken: an EMVCo payload is at most 512 characters, and a wallet's link is
 * far shorter. **Assumption** (docs/protocol.md, "Merchant-presented QR scene"): no page gives a length.
 */
export const QR_CODE_MAX = 512

const wire = <T extends z.ZodRawShape>(shape: T) => z.looseObject(shape).catchall(z.string())

/**
 * An accepted QR PreOrder reply. eftPay's number may come as `eftpay_trade_no` (the scene's
 * notification) or `eft_trade_no` (the other scenes); neither is required (**assumption**: the
 * page's reply table is cut off in our copy). The code's shape per wallet is checked after parsing
 * (qr-scene-code.ts).
 */
export const qrPreOrderReply = wire({
  return_status: z.literal('00'),
  qr_code: z
    .string()
    .min(1, 'must not be empty')
    .max(QR_CODE_MAX, `must be at most ${QR_CODE_MAX} characters`),
  out_trade_no: str(28),
  eftpay_trade_no: eftpayId.optional(),
  eft_trade_no: eftpayId.optional(),
})
export type QrPreOrderReply = z.infer<typeof qrPreOrderReply>

/** An accepted reply of the scene's query: the trade and its status. */
export const qrQueryReply = wire({
  return_status: z.literal('00'),
  out_trade_no: str(28),
  trade_status: z.string().min(1).max(32),
  eftpay_trade_no: z.string().optional(),
  eft_trade_no: z.string().optional(),
})
export type QrQueryReply = z.infer<typeof qrQueryReply>

/**
 * The scene's query answer as the reply the money core reads (domain/sale-answer.ts, which decides
 * what is final): eftPay's number under the name the other scenes use.
 */
export function asTradeReply(reply: QrQueryReply): TradeReply {
  const eftTradeNo = reply.eft_trade_no || reply.eftpay_trade_no || undefined
  return { ...reply, ...(eftTradeNo ? { eft_trade_no: eftTradeNo } : {}) }
}
