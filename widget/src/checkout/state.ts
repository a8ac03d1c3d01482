import type { EftpayApiError } from '../api/api-error.js'
import type { SignerClient } from '../api/signer-client.js'
import type { Device, PublicSession, SignerConfig } from '../api/types.js'
import type { WalletChoice, WalletCode } from '../api/wallets.js'
import type { EftpayReadyDetail } from '../events/eftpay-ready.js'

/**
 * Where the checkout stands, as the widget shows it: a `status`-tagged union, each variant with only
 * the fields that apply. `error` is a load that failed (nothing loaded) or a payment that could not
 * start or be followed (choices still loaded); `retry` is set only when a retry may help.
 */
export type PaymentState =
  | { status: 'loading' }
  | { status: 'idle' }
  | { status: 'pending'; wallet: WalletChoice }
  | { status: 'redirecting'; wallet: WalletCode; url: string }
  | {
      status: 'awaiting-scan'
      wallet: WalletCode
      url: string
      paymentId: string
      expiresAt: string | undefined
    }
  | { status: 'checking' }
  | { status: 'succeeded' }
  | { status: 'failed' }
  | { status: 'cancelled'; wallet: WalletChoice }
  | { status: 'expired' }
  | { status: 'error'; error: EftpayApiError; retry: (() => void) | undefined }

/** The `status` values, also the names of the custom states (`:state(awaiting-scan)`). */
export type PaymentStatus = PaymentState['status']

/**
 * What loading gathers before the choices are shown. Apple Pay's and Google Pay's flows join it
 * (`ExpressPay`) once `express` has them.
 */
export interface Loaded extends ExpressPay {
  client: SignerClient
  config: SignerConfig
  session: PublicSession
  secret: string
  device: Device
  wallets: WalletCode[]
  /** A return page: its session's last attempt is shown as well. */
  returning: boolean
  /** Settles when the browser's Apple Pay and Google Pay checks have answered (after the rest). */
  express: Promise<ExpressPay>
}

/** The express checkouts the browser can pay with and the signer enables. */
export interface ExpressPay {
  /** The Apple Pay flow, once `express` has it (`begin()` cannot wait for it). */
  applePay?: typeof import('./apple-pay.js') | undefined
  /** The Google Pay flow, once `express` has it (`show()` cannot wait for it either). */
  googlePay?: typeof import('./google-pay.js') | undefined
}

/** What `eftpay-ready` tells the page of a load: the choices shown and the session. */
export function readyDetail(loaded: Loaded): EftpayReadyDetail {
  const { config, session, wallets, applePay, googlePay } = loaded
  return {
    mode: config.mode,
    wallets,
    applePay: !!applePay,
    googlePay: !!googlePay,
    sessionId: session.id,
    status: session.status,
    amount: session.amount,
    currency: session.currency,
  }
}
