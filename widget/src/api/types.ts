import type { Device } from '../checkout/environment.js'
import type { Lang } from '../translations/translation.js'
import type { WalletChoice, WalletCode } from './wallets.js'

/**
 * The signer's browser responses as the widget reads them (docs/api.md "Browser endpoints"). Each
 * is checked against the signer's own zod schemas by `contract.test.ts`, so they cannot drift.
 */

/** `GET /v1/config` (docs/api.md "Browser endpoints"). */
export interface SignerConfig {
  mode: 'sandbox' | 'live'
  merchant_name: string
  /** Enabled wallets that fit the reported device, in the merchant's display order. */
  wallets: string[]
  apple_pay: {
    enabled: boolean
    merchant_identifier?: string
    country_code?: string
    supported_networks?: string[]
    merchant_capabilities?: string[]
  }
  /** Google Pay through eftPay's MPGS token service; `environment` is `TEST` in sandbox mode. */
  google_pay?: {
    enabled: boolean
    environment?: 'TEST' | 'PRODUCTION'
    merchant_id?: string
    merchant_name?: string
    gateway: 'mpgs'
    gateway_merchant_id?: string
    allowed_card_networks?: string[]
    allowed_auth_methods?: string[]
  }
  languages: string[]
  /** The currencies each offered wallet takes, `APPLEPAY` and `GOOGLEPAY` included; absent from older signers. */
  wallet_currencies?: Partial<Record<WalletChoice, string[]>>
}

/** The public view of a session (docs/api.md). `client_secret` only on the sku flow's 201. */
export interface PublicSession {
  id: string
  status: 'open' | 'paid' | 'expired' | 'partially_refunded' | 'refunded'
  amount: string
  currency: string
  subject: string
  expires_at: string
  /** Only in the 201 answer to a session the widget created itself (the sku flow). */
  client_secret?: string
  payments: Array<{ id: string; wallet: string; status: PaymentStatus }>
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'expired'

/** A payment attempt, as `POST /v1/sessions/:id/payments` and the Apple Pay and Google Pay payments answer it. */
export interface Payment {
  id: string
  session_id: string
  wallet: string
  status: PaymentStatus
  amount: string
  currency: string
  /** Where to send the shopper while pending; null once there is nowhere to go. */
  next_action: { type: 'redirect' | 'qr_code'; url: string } | null
  expires_at: string
}

/** An error answer: `retryable` says whether the same request may succeed later (docs/api.md). */
export interface SignerError {
  error: { type: string; code: string; message: string; param?: string; retryable: boolean }
}

/** The body of `POST /v1/sessions/:id/payments`, besides the client secret. */
export interface PaymentRequest {
  wallet: WalletCode
  device: Device
  lang: Lang
}
