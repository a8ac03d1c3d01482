/**
 * The simulator's own catalogue of eftPay services: this is "eftPay's side", so it lists what the
 * gateway offers (docs/protocol.md, "Services per wallet and device", "Refund") rather than reading
 * the signer's routing table; a test checks that every service the routing table can produce is
 * listed here. Field limits are the sandbox's own (field-table.ts).
 */

/** A redirect/QR PreOrder service (docs/protocol.md, "PreOrder"). */
export interface PreOrderService {
  kind: 'preorder'
  payType: string
  wallets: readonly string[]
  /** The pay_scene values the service takes (the "Place an Order" page's service → pay_scene table). */
  scenes: readonly string[]
  /** Scenes in which the shopper pays with a phone, so the hosted page shows a QR code of itself. */
  qrScenes: readonly string[]
  /** False where eftPay sends no async notify (docs/protocol.md, "Notification": OCT); the merchant must query. */
  notifies: boolean
}

/**
 * A token payment through MPGS (docs/protocol.md, "Apple Pay", "Google Pay"): answered
 * synchronously, no hosted page. `fields` names its row of the field table.
 */
export interface TokenService {
  kind: 'token'
  fields: 'apple-pay' | 'google-pay'
}

/** A refund service (docs/protocol.md, "Refund"). `payTypes` lists the orders it may refund; undefined means any. */
export interface RefundService {
  kind: 'refund'
  payTypes?: readonly string[]
  /** A name docs/protocol.md assumes (no page shows it): unknown under the `common` variant. */
  assumed?: boolean
}

/** Refund-to-account status (docs/protocol.md, "Refund"). */
export interface RefundStatusService {
  kind: 'refund-status'
}

/**
 * A PreOrder of the merchant-presented QR scene (docs/protocol.md, "Merchant-presented QR scene"):
 * lower-case fields (`paytype`, `buyertype`, `payment_type`), no `pay_scene`, the code in `qr_code`.
 */
export interface QrPreOrderService {
  kind: 'qr-preorder'
  paytype: string
  paymentTypes: readonly string[]
  /** False for PayMe and FPS: the QR scene's notification page says they send none; poll the scene's query. */
  notifies: boolean
}

/** The QR scene's own query service (page "Query", QR-code scene), one per product. */
export interface QrQueryService {
  kind: 'qr-query'
  paytype: string
  paymentTypes: readonly string[]
}

/** `service.common.Query`: a query on `JSAPIService.do` (the `token_query` variant only). */
export interface QueryService {
  kind: 'query'
}

export type ServiceSpec =
  | PreOrderService
  | TokenService
  | RefundService
  | RefundStatusService
  | QueryService
  | QrPreOrderService
  | QrQueryService

const ALIPAY = ['ALIPAYHK', 'ALIPAYCN'] as const
const WECHAT = ['WECHATHK', 'WECHATCN'] as const

const pre = (
  payType: string,
  wallets: readonly string[],
  scenes: readonly string[],
  extra: Partial<Pick<PreOrderService, 'qrScenes' | 'notifies'>> = {},
): PreOrderService => ({
  kind: 'preorder',
  payType,
  wallets,
  scenes,
  qrScenes: [],
  notifies: true,
  ...extra,
})

const qr = (paytype: string, paymentTypes: readonly string[], notifies: boolean) => ({
  preOrder: { kind: 'qr-preorder', paytype, paymentTypes, notifies } satisfies QrPreOrderService,
  query: { kind: 'qr-query', paytype, paymentTypes } satisfies QrQueryService,
})
// Page "Place an Order" (QR-code scene), service → paytype → payment_type; ALIPAYBOTH is scanned by
// both Alipay apps. Page "Asynchronous Notification" (QR-code scene): none for PAYME and FPS.
const QR_FPS = qr('FPS', ['FPS'], false)
const QR_PAYME = qr('PAYME', ['PAYME'], false)
const QR_ALIPAY = qr('Alipay', ['ALIPAYCN', 'ALIPAYHK', 'ALIPAYBOTH'], true)
const QR_WECHAT = qr('WeChat', ['WECHATCN', 'WECHATHK'], true)

/** Every service `JSAPIService.do` answers, by name. */
export const SERVICES: Readonly<Record<string, ServiceSpec>> = {
  'service.alipay.wap.PreOrder': pre('Alipay', ALIPAY, ['WAP']),
  'service.alipay.web.PreOrder': pre('Alipay', ALIPAY, ['WEB'], { qrScenes: ['WEB'] }),
  'service.wechat.web.MobileH5': pre('WeChat', WECHAT, ['WEB', 'WAP']),
  'service.wechat.oauth2.Authorize': pre('WeChat', WECHAT, ['WXWEB']),
  'service.wechat.web.PreOrder': pre('WeChat', WECHAT, ['WEB'], { qrScenes: ['WEB'] }),
  'service.icbc.wap.PreOrder': pre('ICBC', ['ICBCWAP'], ['WEB', 'WAP']),
  'service.unionpay.online.web.PreOrder': pre('UnionPay', ['UNIONPAY'], ['ONLINE_WEB']),
  // docs/protocol.md "Notification": no async notify for OCT; the merchant polls QRcodeTradeQuery.do.
  'service.oct.online.PreOrder': pre('OCT', ['OCT'], ['WEB'], { notifies: false }),
  'service.mpgs.web.PreOrder': pre('Mpgs', ['MPGS'], ['WEB']),
  'service.ae.web.PreOrder': pre('AE', ['AE'], ['WEB']),
  // "Place an Order" tips: PayMe WEB answers eftPay's PC page with a QR code; APP answers an app link.
  'service.payme.web.PreOrder': pre('PAYME', ['PAYME'], ['WEB', 'APP'], { qrScenes: ['WEB'] }),
  'service.bocvmp.upi.wap.PreOrder': pre('BOCVMP', ['BOCVMPUPI'], ['H5', 'APP']),
  'service.mpgs.token.ApplePay': { kind: 'token', fields: 'apple-pay' },
  'service.mpgs.token.GooglePay': { kind: 'token', fields: 'google-pay' },
  'service.alipay.wap.Refund': { kind: 'refund', payTypes: ['Alipay'] },
  'service.alipay.web.Refund': { kind: 'refund', payTypes: ['Alipay'] },
  'service.wechat.web.Refund': { kind: 'refund', payTypes: ['WeChat'] },
  'service.icbc.wap.Refund': { kind: 'refund', payTypes: ['ICBC'] },
  'service.unionpay.online.web.Refund': { kind: 'refund', payTypes: ['UnionPay'] },
  // docs/protocol.md "Refund": assumed names for the products the Refund tables do not reach.
  'service.oct.online.Refund': { kind: 'refund', payTypes: ['OCT'], assumed: true },
  'service.mpgs.web.Refund': { kind: 'refund', payTypes: ['Mpgs'], assumed: true },
  'service.ae.web.Refund': { kind: 'refund', payTypes: ['AE'], assumed: true },
  'service.payme.web.Refund': { kind: 'refund', payTypes: ['PAYME'], assumed: true },
  'service.bocvmp.upi.wap.Refund': { kind: 'refund', payTypes: ['BOCVMP'], assumed: true },
  'service.unified.RefundStatusQuery': { kind: 'refund-status' },
  'service.fps.qrcode.PreOrder': QR_FPS.preOrder,
  'service.payme.qrcode.PreOrder': QR_PAYME.preOrder,
  'service.alipay.qrcode.PreOrder': QR_ALIPAY.preOrder,
  'service.wechat.qrcode.PreOrder': QR_WECHAT.preOrder,
  'service.fps.qrcode.Query': QR_FPS.query,
  'service.payme.qrcode.Query': QR_PAYME.query,
  'service.alipay.qrcode.Query': QR_ALIPAY.query,
  'service.wechat.qrcode.Query': QR_WECHAT.query,
}

/**
 * The services of the newer `service.common.*` family, on no VMP page (docs/protocol.md "Refund"):
 * offered only under the variants that play them (variants.ts).
 */
const COMMON_REFUND: RefundService = { kind: 'refund' }
const COMMON_QUERY: QueryService = { kind: 'query' }

/** The choices of variants.ts that change which services exist. */
export interface ServiceVariants {
  refund_service: 'per-product' | 'common'
  token_query: 'QRcodeTradeQuery.do' | 'service.common.Query'
}

/** The spec of a service name, or undefined when the sandbox (as the variants play it) does not offer it. */
export function serviceSpec(
  service: string,
  variants: ServiceVariants = { refund_service: 'per-product', token_query: 'QRcodeTradeQuery.do' },
): ServiceSpec | undefined {
  const common = variants.refund_service === 'common'
  if (service === 'service.common.Refund') return common ? COMMON_REFUND : undefined
  if (service === 'service.common.Query')
    return variants.token_query === 'service.common.Query' ? COMMON_QUERY : undefined
  const spec = Object.hasOwn(SERVICES, service) ? SERVICES[service] : undefined
  return spec?.kind === 'refund' && spec.assumed && common ? undefined : spec
}

/** Whether an order was placed with a token service (Apple Pay, Google Pay). */
export function isTokenOrder(order: { service: string }): boolean {
  return serviceSpec(order.service)?.kind === 'token'
}
