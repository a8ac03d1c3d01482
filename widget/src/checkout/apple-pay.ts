// Loaded lazily (while loading, when Apple Pay is available, so the click can still open the sheet
// synchronously): it stays out of the script-tag file's 12 kB gzip budget. Support detection is in
// apple-pay-support.ts.

import { fault } from '../api/api-error.js'
import type { SignerClient } from '../api/signer-client.js'
import type { Device, Payment, PublicSession, SignerConfig } from '../api/types.js'
import type { ApplePaySessionClass } from './apple-pay-support.js'

/** Apple Pay JS version we speak: 3 has everything the token flow needs (Safari 12.1+). */
const VERSION = 3

/** How a sheet ended. `pending`: eftPay has not decided yet; the widget keeps checking. */
export type ApplePayOutcome =
  | { status: 'succeeded' | 'failed' | 'pending'; payment: Payment }
  | { status: 'cancelled' }
  | { status: 'error'; error: unknown }

export interface ApplePayOptions {
  client: SignerClient
  config: SignerConfig
  session: PublicSession
  /** The session's client secret. */
  secret: string
  device: Device
  onOutcome: (outcome: ApplePayOutcome) => void
}

/**
 * Opens the Apple Pay sheet and runs the whole flow: the merchant is validated through the signer
 * (`POST /v1/sessions/:id/apple-pay/validate`), the token goes to the signer
 * (`…/apple-pay/payments`), which answers a final status that closes the sheet (docs/api.md). Must
 * be called synchronously inside the click handler: Safari only opens the sheet from a user
 * gesture, so nothing may be awaited before `begin()`. A sheet that cannot even open (no gesture,
 * an insecure context) ends as an `apple_pay_error`.
 */
export function startApplePay(o: ApplePayOptions): void {
  try {
    openSheet(o)
  } catch (error) {
    o.onOutcome({ status: 'error', error: fault('apple_pay_error', String(error)) })
  }
}

function openSheet(o: ApplePayOptions): void {
  const A = (globalThis as { ApplePaySession?: ApplePaySessionClass }).ApplePaySession
  if (!A) throw new Error('Apple Pay is not available')
  const ap = o.config.apple_pay
  const sheet = new A(VERSION, {
    countryCode: ap.country_code ?? 'HK',
    currencyCode: o.session.currency,
    total: { label: o.config.merchant_name, amount: o.session.amount },
    supportedNetworks: ap.supported_networks ?? [],
    merchantCapabilities: ap.merchant_capabilities ?? ['supports3DS'],
  })
  let settled = false
  const end = (outcome: ApplePayOutcome): void => {
    if (settled) return
    settled = true
    o.onOutcome(outcome)
  }
  sheet.onvalidatemerchant = (event) => {
    o.client
      .post(o.session.id, o.secret, 'apple-pay/validate', {
        validation_url: event.validationURL,
      })
      .then(
        (merchantSession) => sheet.completeMerchantValidation(merchantSession),
        (error: unknown) => {
          // Without a merchant session the sheet cannot go on: close it and say why.
          sheet.abort()
          end({ status: 'error', error })
        },
      )
  }
  sheet.onpaymentauthorized = (event) => {
    o.client
      .post(o.session.id, o.secret, 'apple-pay/payments', {
        token: event.payment.token.paymentData,
        device: o.device,
      })
      .then(
        (payment) => {
          // `pending`: eftPay's answer was not final and the card may have been charged
          // (docs/api.md "POST /v1/sessions/{id}/apple-pay/payments"). Apple's sheet has no "unknown" ending, and a failure
          // would invite paying again, so it closes without one; the widget then follows the
          // session, as for Google Pay's pending, and shows what eftPay decides.
          const status = payment.status === 'expired' ? 'failed' : payment.status
          sheet.completePayment({
            status: status === 'failed' ? A.STATUS_FAILURE : A.STATUS_SUCCESS,
          })
          end({ status, payment })
        },
        (error: unknown) => {
          sheet.completePayment({ status: A.STATUS_FAILURE })
          end({ status: 'error', error })
        },
      )
  }
  sheet.oncancel = () => end({ status: 'cancelled' })
  sheet.begin()
}
