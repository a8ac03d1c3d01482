// Loaded lazily, only where the Payment Request API exists and the signer enables Google Pay, while
// the rest loads (so the click can still open the sheet synchronously): it stays out of the
// script-tag file's 12 kB gzip budget. Google Pay is reached through the browser's Payment Request
// API with the `https://google.com/pay` method, never Google's `pay.js`: no third-party script, so a
// page's strict Content-Security-Policy needs no exception for it.

import { fault } from '../api/api-error.js'
import type { SignerClient } from '../api/signer-client.js'
import type { Payment, PublicSession, SignerConfig } from '../api/types.js'

export { googlePayButton } from './google-pay-button.js'

/** The Payment Request method of Google Pay. */
export const GOOGLE_PAY_METHOD = 'https://google.com/pay'

/** How a sheet ended. `pending`: eftPay has not decided yet; the widget keeps checking. */
export type GooglePayOutcome =
  | { status: 'succeeded' | 'failed' | 'pending'; payment: Payment }
  | { status: 'cancelled' }
  | { status: 'error'; error: unknown }

export interface GooglePayOptions {
  client: SignerClient
  config: SignerConfig
  session: PublicSession
  /** The session's client secret. */
  secret: string
  onOutcome: (outcome: GooglePayOutcome) => void
}

/** What Google Pay hands back in `PaymentResponse.details` (Google Pay API `PaymentData`, v2). */
interface GooglePayPaymentData {
  paymentMethodData: { tokenizationData: { type: string; token: string } }
}

/**
 * Google Pay's `PaymentDataRequest` (API version 2) for eftPay's MPGS token service: cards only,
 * tokenized by the gateway `mpgs` for the merchant's gateway id, all from the signer's config
 * (docs/api.md "Browser endpoints"). The amount is not here: it is the session's, in the Payment
 * Request's `total`.
 */
export function paymentDataRequest(config: SignerConfig): object {
  const gp = config.google_pay
  return {
    environment: gp?.environment ?? (config.mode === 'live' ? 'PRODUCTION' : 'TEST'),
    apiVersion: 2,
    apiVersionMinor: 0,
    merchantInfo: {
      merchantId: gp?.merchant_id,
      merchantName: gp?.merchant_name ?? config.merchant_name,
    },
    allowedPaymentMethods: [
      {
        type: 'CARD',
        parameters: {
          allowedAuthMethods: gp?.allowed_auth_methods ?? ['PAN_ONLY', 'CRYPTOGRAM_3DS'],
          allowedCardNetworks: gp?.allowed_card_networks ?? ['MASTERCARD', 'VISA'],
        },
        tokenizationSpecification: {
          type: 'PAYMENT_GATEWAY',
          parameters: { gateway: 'mpgs', gatewayMerchantId: gp?.gateway_merchant_id },
        },
      },
    ],
  }
}

/** A Payment Request for Google Pay of `value` in `currency` (the session's, never the page's). */
function paymentRequest(config: SignerConfig, currency: string, value: string): PaymentRequest {
  return new PaymentRequest(
    [{ supportedMethods: GOOGLE_PAY_METHOD, data: paymentDataRequest(config) }],
    { total: { label: config.merchant_name, amount: { currency, value } } },
  )
}

/**
 * Whether Google Pay can pay here (`canMakePayment()` of a Payment Request for it). False, never a
 * rejection, when the browser refuses to say (an insecure context, a frame without the `payment`
 * permission, Chrome's limit on how often a page may ask).
 */
export async function googlePayReady(config: SignerConfig): Promise<boolean> {
  try {
    // Asked while the session loads: the amount does not change the answer.
    return await paymentRequest(config, 'HKD', '0.00').canMakePayment()
  } catch {
    return false
  }
}

/**
 * Opens the Google Pay sheet and runs the whole flow: the token Google Pay returns goes to the
 * signer (`POST /v1/sessions/:id/google-pay/payments`), whose answer closes the sheet: `success`,
 * `fail`, or `unknown` while eftPay has not decided (the widget then keeps checking the session).
 * Must be called synchronously inside the click handler: `show()` needs the user gesture. Closing
 * the sheet is a cancel; a sheet that cannot open ends as a `google_pay_error`.
 */
export function startGooglePay(o: GooglePayOptions): void {
  let shown: Promise<PaymentResponse>
  try {
    shown = paymentRequest(o.config, o.session.currency, o.session.amount).show()
  } catch (error) {
    o.onOutcome({ status: 'error', error: fault('google_pay_error', String(error)) })
    return
  }
  shown.then(
    (response) => pay(o, response),
    (error: unknown) =>
      o.onOutcome(
        (error as Error)?.name === 'AbortError'
          ? { status: 'cancelled' }
          : { status: 'error', error: fault('google_pay_error', String(error)) },
      ),
  )
}

async function pay(o: GooglePayOptions, response: PaymentResponse): Promise<void> {
  let payment: Payment
  try {
    const { token } = (response.details as GooglePayPaymentData).paymentMethodData.tokenizationData
    payment = await o.client.post(o.session.id, o.secret, 'google-pay/payments', { token })
  } catch (error) {
    await response.complete('fail').catch(() => {})
    o.onOutcome({ status: 'error', error })
    return
  }
  const { status } = payment
  await response
    .complete(status === 'succeeded' ? 'success' : status === 'pending' ? 'unknown' : 'fail')
    .catch(() => {})
  o.onOutcome({ status: status === 'expired' ? 'failed' : status, payment })
}
