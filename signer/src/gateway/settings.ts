import { WALLETS } from '../contract/vocabulary.js'

/**
 * The protocol choices a merchant may have to switch once eftPay answers what its public pages leave
 * open (docs/protocol.md, "Settings"), as the gateway client uses them. Each is one variable in the
 * signer's table of settings (config/variables.ts, its `protocol.` rows), which parses them.
 */

/** A wallet code, or `APPLEPAY` / `GOOGLEPAY` for token payments (which go through the MPGS wallet). */
export const REFUND_WALLET_KEYS = [...WALLETS, 'APPLEPAY', 'GOOGLEPAY'] as const
export type RefundWalletKey = (typeof REFUND_WALLET_KEYS)[number]

/** docs/protocol.md "Apple Pay": the page's table says TOKEN_APPLE_PAY, its example sends TOKEN. */
export const APPLE_PAY_SCENES = ['TOKEN_APPLE_PAY', 'TOKEN'] as const
export type ApplePayScene = (typeof APPLE_PAY_SCENES)[number]

/**
 * The sandbox's own "order does not exist" status (docs/protocol.md, "Sandbox return codes").
 * eftPay's Appendix 3 is not public, so in live mode no status means that unless configured.
 */
export const SANDBOX_ORDER_NOT_FOUND_STATUS = '08'

/** The sandbox's own "no such refund" status for a refund query (docs/protocol.md, "Sandbox return codes"). */
export const SANDBOX_REFUND_NOT_FOUND_STATUS = '12'

/**
 * eftPay's two online platforms: VMP, whose public pages docs/protocol.md is read from, and OAPM,
 * known only from what an integrator recorded on live calls (docs/protocol.md, "OAPM").
 */
export const PLATFORMS = ['vmp', 'oapm'] as const
export type Platform = (typeof PLATFORMS)[number]

/** What the platform preset (`EFTPAY_PLATFORM`) changes; docs/protocol.md, "OAPM", the table. */
export interface PlatformPreset {
  /** What docs and messages call it. */
  name: 'VMP' | 'OAPM'
  /** The gateway base's path: the built-in sandbox is served there, and a live base must end in it. */
  basePath: '/VMP' | '/OAPM/v1'
  /** A base URL to show in messages. */
  exampleBase: string
  /** How a notification is acknowledged: the documented signed JSON, or the plain text `success`. */
  notifyAck: 'signed-json' | 'text'
  /** Which transport of the browser return is read first when a return carries two payloads. */
  returnTransport: 'form' | 'query'
  /** The refund service of every wallet, where the platform names one; else per product (routing table). */
  refundService?: string
  /** Whether eftPay offers a test environment; without one, `check` places no order. */
  testEnvironment: boolean
}

export const PLATFORM_PRESETS: Readonly<Record<Platform, PlatformPreset>> = {
  vmp: {
    name: 'VMP',
    basePath: '/VMP',
    exampleBase: 'https://vmp.eftpay.com.cn/VMP',
    notifyAck: 'signed-json',
    returnTransport: 'form',
    testEnvironment: true,
  },
  oapm: {
    name: 'OAPM',
    basePath: '/OAPM/v1',
    exampleBase: 'https://oapm.eftpay.com.hk/OAPM/v1',
    notifyAck: 'text',
    returnTransport: 'query',
    refundService: 'service.common.Refund',
    testEnvironment: false,
  },
}

/** The preset of the settings' platform; unset is VMP. */
export function presetOf(settings: Pick<GatewaySettings, 'platform'> | undefined): PlatformPreset {
  return PLATFORM_PRESETS[settings?.platform ?? 'vmp']
}

/**
 * Where token orders (Apple Pay, Google Pay) are queried (docs/protocol.md "Apple Pay", query of
 * token orders): `QRcodeTradeQuery.do` like web orders (our reading), or `service.common.Query` on
 * `JSAPIService.do` (what a public eftPay client sends).
 */
export const TOKEN_QUERIES = ['QRcodeTradeQuery.do', 'service.common.Query'] as const
export type TokenQuery = (typeof TOKEN_QUERIES)[number]

/**
 * What a refund's `total_fee` carries (docs/protocol.md "Refund"): the sale's total (the Refund
 * pages' "original order total") or this refund's amount (what a public eftPay client sends).
 */
export const REFUND_TOTAL_FEES = ['sale-total', 'refund-amount'] as const
export type RefundTotalFee = (typeof REFUND_TOTAL_FEES)[number]

export interface GatewaySettings {
  /** `EFTPAY_PLATFORM`; unset is VMP. Its preset's refund service applies where none is configured. */
  platform?: Platform
  /** Refund service names that replace the routing table's default, per wallet. */
  refundServices: Partial<Record<RefundWalletKey, string>>
  /** `pay_scene` of Apple Pay token payments and their refunds. */
  applePayScene: ApplePayScene
  /** The `return_status` values of a query that mean "this order does not exist". */
  orderNotFoundStatuses: readonly string[]
  /**
   * The `return_status` values of a refund query (`refund_no` set) that mean "this refund does not
   * exist"; an order-not-found status means that too.
   */
  refundNotFoundStatuses: readonly string[]
  /** Where token orders are queried; with `service.common.Query` a refused query is asked there. */
  tokenQuery: TokenQuery
  /** What a refund's `total_fee` carries. */
  refundTotalFee: RefundTotalFee
}

/** What the client uses when it is given no settings: live-safe (no status means "no order"). */
export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = {
  refundServices: {},
  applePayScene: 'TOKEN_APPLE_PAY',
  orderNotFoundStatuses: [],
  refundNotFoundStatuses: [],
  tokenQuery: 'QRcodeTradeQuery.do',
  refundTotalFee: 'sale-total',
}

/**
 * The refund service actually sent: the configured one for the sale's wallet, else the platform's
 * (OAPM: `service.common.Refund` for every product), else the routing table's default carried by
 * the stored payment. Token sales are Google Pay (TOKEN_GOOGLE_PAY) or
 * Apple Pay (the other TOKEN… scenes); a Google Pay refund without its own setting takes Apple Pay's,
 * as both are MPGS token sales.
 */
export function refundServiceFor(
  sale: { wallet: string; pay_scene: string; service: string },
  settings: GatewaySettings,
): string {
  return configuredRefundService(sale, settings) ?? presetOf(settings).refundService ?? sale.service
}

/** The `EFTPAY_REFUND_SERVICES` entry that applies to the sale, if any. */
export function configuredRefundService(
  sale: { wallet: string; pay_scene: string },
  settings: GatewaySettings,
): string | undefined {
  if (sale.pay_scene === 'TOKEN_GOOGLE_PAY')
    return settings.refundServices.GOOGLEPAY ?? settings.refundServices.APPLEPAY
  const key = (sale.pay_scene.startsWith('TOKEN') ? 'APPLEPAY' : sale.wallet) as RefundWalletKey
  return settings.refundServices[key]
}
