import { z } from 'zod'

/**
 * Google Pay's settings (docs/deploy.md, docs/protocol.md "Google Pay"). The token is made for
 * eftPay's MPGS gateway, so the widget asks Google for `PAYMENT_GATEWAY` tokenization with gateway
 * `mpgs` and the merchant's MPGS merchant id; the signer only relays the token.
 */
export interface GooglePayConfig {
  /** Whether `GOOGLEPAY` is among the enabled wallets. */
  enabled: boolean
  /** Google's merchant id (`GOOGLE_PAY_MERCHANT_ID`); Google's TEST environment needs none. */
  merchantId?: string
  /** The merchant's MPGS gateway merchant id (`GOOGLE_PAY_GATEWAY_MERCHANT_ID`). */
  gatewayMerchantId: string
  cardNetworks: readonly CardNetwork[]
  authMethods: readonly AuthMethod[]
}

/** Google Pay's card network names; MPGS on eftPay takes these as its Apple Pay does (visa, masterCard, amex). */
export const CARD_NETWORKS = ['VISA', 'MASTERCARD', 'AMEX', 'JCB', 'DISCOVER'] as const
export type CardNetwork = (typeof CARD_NETWORKS)[number]
export const AUTH_METHODS = ['PAN_ONLY', 'CRYPTOGRAM_3DS'] as const
export type AuthMethod = (typeof AUTH_METHODS)[number]

/** The documented sandbox value: any id works against the sandbox and Google's TEST environment. */
export const SANDBOX_GATEWAY_MERCHANT_ID = 'eftpay-sandbox'

const identifier = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)

function listOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly [T, ...T[]],
  fallback: readonly T[],
  problems: string[],
): readonly T[] {
  if (value === undefined) return fallback
  const items = value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean)
  const parsed = z.array(z.enum(allowed)).min(1).safeParse(items)
  if (parsed.success) return [...new Set(parsed.data)]
  problems.push(`${name} must list one or more of ${allowed.join(', ')}, comma separated.`)
  return fallback
}

export function parseGooglePay(
  get: (name: string) => string | undefined,
  mode: 'sandbox' | 'live',
  wanted: boolean,
  problems: string[],
): GooglePayConfig {
  const merchantId = get('GOOGLE_PAY_MERCHANT_ID')
  const gatewayMerchantId = get('GOOGLE_PAY_GATEWAY_MERCHANT_ID')
  for (const [name, value] of [
    ['GOOGLE_PAY_MERCHANT_ID', merchantId],
    ['GOOGLE_PAY_GATEWAY_MERCHANT_ID', gatewayMerchantId],
  ] as const) {
    if (value !== undefined && !identifier.safeParse(value).success)
      problems.push(`${name} must be letters, digits, ".", "_" or "-" (at most 64), as issued.`)
    else if (value === undefined && mode === 'live' && wanted)
      problems.push(
        `${name} is required for Google Pay in live mode (or remove GOOGLEPAY from EFTPAY_WALLETS).`,
      )
  }
  return {
    enabled: wanted,
    ...(merchantId ? { merchantId } : {}),
    gatewayMerchantId: gatewayMerchantId ?? SANDBOX_GATEWAY_MERCHANT_ID,
    cardNetworks: listOf(
      'GOOGLE_PAY_CARD_NETWORKS',
      get('GOOGLE_PAY_CARD_NETWORKS'),
      CARD_NETWORKS,
      ['VISA', 'MASTERCARD', 'AMEX'],
      problems,
    ),
    authMethods: listOf(
      'GOOGLE_PAY_AUTH_METHODS',
      get('GOOGLE_PAY_AUTH_METHODS'),
      AUTH_METHODS,
      AUTH_METHODS,
      problems,
    ),
  }
}
