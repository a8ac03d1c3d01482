import type { ApplePaySessionLike } from '../../checkout/apple-pay-support.js'

interface Request {
  countryCode: string
  currencyCode: string
  total: { label: string; amount: string }
  supportedNetworks: string[]
  merchantCapabilities: string[]
}

/**
 * A fake `ApplePaySession` that follows Apple Pay JS (version 3) as documented: it must be created
 * inside a user gesture, `begin()` fires `onvalidatemerchant` with Apple's validation URL, the
 * merchant session goes back through `completeMerchantValidation`, then the test plays the
 * shopper: `authorize()` (Touch ID / Face ID) or `cancel()` (closing the sheet).
 */
export class FakeApplePaySession implements ApplePaySessionLike {
  static readonly STATUS_SUCCESS = 0
  static readonly STATUS_FAILURE = 1
  static canPay = true
  static last: FakeApplePaySession | undefined

  onvalidatemerchant: ApplePaySessionLike['onvalidatemerchant'] = null
  onpaymentauthorized: ApplePaySessionLike['onpaymentauthorized'] = null
  oncancel: ApplePaySessionLike['oncancel'] = null
  merchantSession: unknown
  completed: number | undefined
  began = false
  aborted = false

  static canMakePayments(): boolean {
    return FakeApplePaySession.canPay
  }

  static supportsVersion(version: number): boolean {
    return version >= 1 && version <= 14
  }

  constructor(
    readonly version: number,
    readonly request: Request,
  ) {
    // Apple: "InvalidAccessError: Must create a new ApplePaySession from a user gesture handler."
    if (!navigator.userActivation.isActive)
      throw new DOMException(
        'Must create a new ApplePaySession from a user gesture handler.',
        'InvalidAccessError',
      )
    FakeApplePaySession.last = this
  }

  begin(): void {
    this.began = true
    queueMicrotask(() =>
      this.onvalidatemerchant?.({
        validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
      }),
    )
  }

  abort(): void {
    this.aborted = true
  }

  completeMerchantValidation(merchantSession: unknown): void {
    this.merchantSession = merchantSession
  }

  completePayment(result: { status: number }): void {
    this.completed = result.status
  }

  /** The shopper authorises the payment; Apple hands over the encrypted token. */
  authorize(
    paymentData: Record<string, unknown> = {
      version: 'EC_v1',
      data: 'ZmFrZQ==',
      signature: 'c2ln',
      header: {},
    },
  ): void {
    this.onpaymentauthorized?.({ payment: { token: { paymentData } } })
  }

  /** The shopper closes the sheet. */
  cancel(): void {
    this.oncancel?.(new Event('cancel'))
  }

  /** Installs the fake as `window.ApplePaySession`; returns the uninstaller. */
  static install(): () => void {
    const g = globalThis as { ApplePaySession?: unknown }
    g.ApplePaySession = FakeApplePaySession
    FakeApplePaySession.canPay = true
    FakeApplePaySession.last = undefined
    return () => delete g.ApplePaySession
  }
}
