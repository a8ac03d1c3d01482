import type { Lang } from '../translations/translation.js'
import type { WalletChoice, WalletCode } from './wallets.js'

/**
 * The signer's browser endpoints as the widget speaks them (docs/api.md "Browser endpoints"): the
 * requests it sends and the responses it reads. Each is checked against the signer's own zod
 * schemas (signer/src/contract/) by `contract.test.ts`, at type level only, so they cannot drift
 * and the script-tag file carries none of the signer.
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

/** What the widget reports of the shopper's device; the signer routes the wallets by it. */
export interface Device {
  os: 'ios' | 'android' | 'others'
  /** A phone or tablet, where wallet apps run on the same device (no QR code needed). */
  mobile: boolean
  /** The in-app browser the page runs in: WeChat's, Alipay's, or none. */
  in_app: 'wechat' | 'alipay' | 'none'
}

/** `POST /v1/sessions` from the page: a catalog sku (no amount: the signer prices it). */
export interface SkuSessionBody {
  sku: string
  quantity: number
}

/** `POST /v1/sessions/:id/payments`, besides the client secret. */
export interface PaymentBody {
  wallet: WalletCode
  device: Device
  lang: Lang
}

/** `POST /v1/sessions/:id/apple-pay/validate`, besides the client secret. */
export interface ApplePayValidateBody {
  validation_url: string
}

/** `POST /v1/sessions/:id/apple-pay/payments`, besides the client secret. */
export interface ApplePayPaymentBody {
  /** Apple's `payment.token.paymentData`, as is. */
  token: Record<string, unknown>
  device?: Device
}

/** `POST /v1/sessions/:id/google-pay/payments`, besides the client secret. */
export interface GooglePayPaymentBody {
  /** Google's `paymentMethodData.tokenizationData.token`, as is. */
  token: string
  device?: Device
}

/**
 * Each `POST /v1/sessions/:id/<action>`: the body the widget sends besides the client secret, and
 * the answer. The validation answer is Apple's merchant session, passed on to Apple as is.
 */
export interface SessionActions {
  payments: { body: PaymentBody; answer: Payment }
  'apple-pay/validate': { body: ApplePayValidateBody; answer: unknown }
  'apple-pay/payments': { body: ApplePayPaymentBody; answer: Payment }
  'google-pay/payments': { body: GooglePayPaymentBody; answer: Payment }
}
