import { z } from 'zod'
import { WALLETS } from './fields.js'

/**
 * The protocol choices a merchant may have to switch once eftPay answers what its public pages leave
 * open (docs/protocol.md, "Settings"). Parsed from the same environment as the rest of the
 * configuration; every problem names its variable and says what to set.
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

export interface GatewaySettings {
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
}

/** What the client uses when it is given no settings: live-safe (no status means "no order"). */
export const DEFAULT_GATEWAY_SETTINGS: GatewaySettings = {
  refundServices: {},
  applePayScene: 'TOKEN_APPLE_PAY',
  orderNotFoundStatuses: [],
  refundNotFoundStatuses: [],
}

const serviceName = z
  .string()
  .regex(/^[A-Za-z0-9_.]{3,64}$/, 'must be an eftPay service name, like service.oct.online.Refund')
const walletKey = z.enum(REFUND_WALLET_KEYS)
const statusCode = z.string().regex(/^[0-9A-Za-z]{1,3}$/)

/** The raw variables, as config.ts reads them (trimmed, undefined when unset). */
export interface GatewaySettingsInput {
  /** `EFTPAY_REFUND_SERVICES`: `WALLET=service` pairs, comma separated. */
  refundServices?: string
  /** `EFTPAY_APPLE_PAY_SCENE`. */
  applePayScene?: string
  /** `EFTPAY_ORDER_NOT_FOUND_STATUS`: return_status codes, comma separated. */
  orderNotFoundStatus?: string
  /** `EFTPAY_REFUND_NOT_FOUND_STATUS`: return_status codes, comma separated. */
  refundNotFoundStatus?: string
}

const split = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

/**
 * Reads the protocol settings. `mode` decides the default "order does not exist" status: the
 * sandbox documents its own; the live gateway's is unknown until eftPay says (docs/protocol.md).
 * Problems are pushed to `problems` (the configuration's list), each naming its variable.
 */
export function parseGatewaySettings(
  input: GatewaySettingsInput,
  mode: 'sandbox' | 'live',
  problems: string[],
): GatewaySettings {
  const refundServices: GatewaySettings['refundServices'] = {}
  for (const pair of split(input.refundServices ?? '')) {
    const [key = '', service = ''] = pair.split('=').map((s) => s.trim())
    const wallet = walletKey.safeParse(key)
    const name = serviceName.safeParse(service)
    if (wallet.success && name.success) refundServices[wallet.data] = name.data
    else
      problems.push(
        `EFTPAY_REFUND_SERVICES has "${pair}": each entry must be WALLET=service, WALLET one of ${REFUND_WALLET_KEYS.join(', ')} and service a name like service.oct.online.Refund.`,
      )
  }

  let applePayScene: ApplePayScene = DEFAULT_GATEWAY_SETTINGS.applePayScene
  if (input.applePayScene !== undefined) {
    const parsed = z.enum(APPLE_PAY_SCENES).safeParse(input.applePayScene)
    if (parsed.success) applePayScene = parsed.data
    else problems.push(`EFTPAY_APPLE_PAY_SCENE must be one of ${APPLE_PAY_SCENES.join(', ')}.`)
  }

  const orderNotFoundStatuses = notFoundStatuses(
    'EFTPAY_ORDER_NOT_FOUND_STATUS',
    'order',
    input.orderNotFoundStatus,
    mode === 'sandbox' ? [SANDBOX_ORDER_NOT_FOUND_STATUS] : [],
    problems,
  )
  const refundNotFoundStatuses = notFoundStatuses(
    'EFTPAY_REFUND_NOT_FOUND_STATUS',
    'refund',
    input.refundNotFoundStatus,
    mode === 'sandbox' ? [SANDBOX_REFUND_NOT_FOUND_STATUS] : [],
    problems,
  )
  return { refundServices, applePayScene, orderNotFoundStatuses, refundNotFoundStatuses }
}

/** A comma list of return_status codes (never 00) documented as "this order / refund does not exist". */
function notFoundStatuses(
  variable: string,
  what: 'order' | 'refund',
  raw: string | undefined,
  fallback: readonly string[],
  problems: string[],
): readonly string[] {
  if (raw === undefined) return fallback
  const codes = split(raw)
  if (codes.length > 0 && codes.every((c) => statusCode.safeParse(c).success && c !== '00'))
    return codes
  problems.push(
    `${variable} must be the return_status codes (not 00) eftPay documents as "${what} does not exist", comma separated, like ${what === 'order' ? '08' : '12'}.`,
  )
  return fallback
}

/**
 * The refund service actually sent: the configured one for the sale's wallet, else the routing
 * table's default carried by the stored payment. Token sales are Google Pay (TOKEN_GOOGLE_PAY) or
 * Apple Pay (the other TOKEN… scenes); a Google Pay refund without its own setting takes Apple Pay's,
 * as both are MPGS token sales.
 */
export function refundServiceFor(
  sale: { wallet: string; pay_scene: string; service: string },
  settings: GatewaySettings,
): string {
  if (sale.pay_scene === 'TOKEN_GOOGLE_PAY')
    return settings.refundServices.GOOGLEPAY ?? settings.refundServices.APPLEPAY ?? sale.service
  const key = (sale.pay_scene.startsWith('TOKEN') ? 'APPLEPAY' : sale.wallet) as RefundWalletKey
  return settings.refundServices[key] ?? sale.service
}
