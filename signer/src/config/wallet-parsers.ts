import { z } from 'zod'
import { WALLETS, type WalletCode } from '../contract/vocabulary.js'
import {
  APPLE_PAY_SCENES,
  PLATFORMS,
  type Platform,
  REFUND_WALLET_KEYS,
  type RefundWalletKey,
} from '../gateway/settings.js'
import { list } from './parsers.js'
import type { ParseContext } from './variable.js'

/**
 * The parsers of the wallet list, Google Pay's settings (docs/protocol.md "Google Pay": the token is
 * made for eftPay's MPGS gateway, so the widget asks Google for `PAYMENT_GATEWAY` tokenization with
 * gateway `mpgs` and the merchant's MPGS merchant id) and the gateway protocol choices
 * (docs/protocol.md "Settings"). Each message continues the variable's name.
 */

/** EFTPAY_WALLETS: the redirect and QR wallets, and whether Apple Pay and Google Pay are on. */
export interface WalletChoice {
  wallets: WalletCode[]
  applePayWanted: boolean
  googlePayWanted: boolean
}

export function wallets(raw: string, { problem }: ParseContext<WalletChoice>): WalletChoice {
  const choice: WalletChoice = { wallets: [], applePayWanted: false, googlePayWanted: false }
  let unknown = 0
  for (const code of list(raw)) {
    if (code === 'APPLEPAY') choice.applePayWanted = true
    else if (code === 'GOOGLEPAY') choice.googlePayWanted = true
    else if ((WALLETS as readonly string[]).includes(code)) {
      if (!choice.wallets.includes(code as WalletCode)) choice.wallets.push(code as WalletCode)
    } else {
      unknown++
      problem(
        `has an unknown wallet "${code}": use codes from ${[...WALLETS, 'APPLEPAY', 'GOOGLEPAY'].join(', ')}.`,
      )
    }
  }
  if (
    unknown === 0 &&
    choice.wallets.length === 0 &&
    !choice.applePayWanted &&
    !choice.googlePayWanted
  )
    problem('enables no wallet: list at least one, e.g. ALIPAYHK,WECHATHK,APPLEPAY.')
  return choice
}

/** Google Pay's card network names; MPGS on eftPay takes these as its Apple Pay does (visa, masterCard, amex). */
export const CARD_NETWORKS = ['VISA', 'MASTERCARD', 'AMEX', 'JCB', 'DISCOVER'] as const
export type CardNetwork = (typeof CARD_NETWORKS)[number]
export const AUTH_METHODS = ['PAN_ONLY', 'CRYPTOGRAM_3DS'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

/** The documented sandbox value: any id works against the sandbox and Google's TEST environment. */
export const SANDBOX_GATEWAY_MERCHANT_ID = 'eftpay-sandbox'

/** A merchant id as Google or eftPay issues it. */
export const issuedId = z
  .string()
  .regex(
    /^[A-Za-z0-9_.-]{1,64}$/,
    'must be letters, digits, ".", "_" or "-" (at most 64), as issued.',
  )

/** One or more of `allowed`, comma separated, in any case; each once. */
export function oneOrMoreOf<T extends string>(allowed: readonly [T, ...T[]]) {
  return (raw: string, { fallback, problem }: ParseContext<readonly T[]>): readonly T[] => {
    const items = list(raw).map((s) => s.toUpperCase())
    const parsed = z.array(z.enum(allowed)).min(1).safeParse(items)
    if (parsed.success) return [...new Set(parsed.data)]
    problem(`must list one or more of ${allowed.join(', ')}, comma separated.`)
    return fallback
  }
}

const serviceName = z.string().regex(/^[A-Za-z0-9_.]{3,64}$/)
const walletKey = z.enum(REFUND_WALLET_KEYS)

/** EFTPAY_REFUND_SERVICES: `WALLET=service` pairs, comma separated. */
export function refundServices(
  raw: string,
  { problem }: ParseContext<Partial<Record<RefundWalletKey, string>>>,
): Partial<Record<RefundWalletKey, string>> {
  const services: Partial<Record<RefundWalletKey, string>> = {}
  for (const pair of list(raw)) {
    const [key = '', service = ''] = pair.split('=').map((s) => s.trim())
    const wallet = walletKey.safeParse(key)
    const name = serviceName.safeParse(service)
    if (wallet.success && name.success) services[wallet.data] = name.data
    else
      problem(
        `has "${pair}": each entry must be WALLET=service, WALLET one of ${REFUND_WALLET_KEYS.join(', ')} and service a name like service.oct.online.Refund.`,
      )
  }
  return services
}

export const applePayScene = z.enum(
  APPLE_PAY_SCENES,
  `must be one of ${APPLE_PAY_SCENES.join(', ')}.`,
)

const statusCode = z.string().regex(/^[0-9A-Za-z]{1,3}$/)

/**
 * A comma list of return_status codes (never 00: that is "request taken") eftPay documents as
 * "<what> does not exist": EFTPAY_ORDER_NOT_FOUND_STATUS and EFTPAY_REFUND_NOT_FOUND_STATUS.
 */
function notFoundStatuses(what: 'order' | 'refund', example: string) {
  return (
    raw: string,
    { fallback, problem }: ParseContext<readonly string[]>,
  ): readonly string[] => {
    const codes = list(raw)
    if (codes.length > 0 && codes.every((c) => statusCode.safeParse(c).success && c !== '00'))
      return codes
    problem(
      `must be the return_status codes (not 00) eftPay documents as "${what} does not exist", comma separated, like ${example}.`,
    )
    return fallback
  }
}

export const orderNotFoundStatuses = notFoundStatuses('order', '08')
export const refundNotFoundStatuses = notFoundStatuses('refund', '12')
/** EFTPAY_PLATFORM: `vmp` or `oapm`, in any case (docs/protocol.md "OAPM"). */
export function platform(raw: string, { problem }: ParseContext<Platform | undefined>) {
  const value = raw.toLowerCase()
  if ((PLATFORMS as readonly string[]).includes(value)) return value as Platform
  problem(
    'must be vmp or oapm: the platform eftPay opened your account on (its gateway base ends in /VMP or /OAPM/v1).',
  )
  return undefined
}
