// The parts of Apple's `ApplePaySession` (Apple Pay JS, version 3) this flow uses. Not in TS's DOM lib.
export interface ApplePayPaymentRequest {
  countryCode: string
  currencyCode: string
  total: { label: string; amount: string }
  supportedNetworks: string[]
  merchantCapabilities: string[]
}

/** An Apple Pay JS session, as far as this flow uses it. */
export interface ApplePaySessionLike {
  onvalidatemerchant: ((event: { validationURL: string }) => void) | null
  onpaymentauthorized:
    | ((event: { payment: { token: { paymentData: Record<string, unknown> } } }) => void)
    | null
  oncancel: ((event: Event) => void) | null
  begin(): void
  abort(): void
  completeMerchantValidation(merchantSession: unknown): void
  completePayment(result: { status: number }): void
}

/** The `ApplePaySession` constructor with its statics. */
export interface ApplePaySessionClass {
  new (version: number, request: ApplePayPaymentRequest): ApplePaySessionLike
  canMakePayments(): boolean
  supportsVersion?(version: number): boolean
  readonly STATUS_SUCCESS: number
  readonly STATUS_FAILURE: number
}

/** Whether this browser can pay with Apple Pay now (`ApplePaySession.canMakePayments()`, Apple Pay JS 3). */
export function applePayAvailable(): boolean {
  try {
    const A = (globalThis as { ApplePaySession?: ApplePaySessionClass }).ApplePaySession
    return !!A && (A.supportsVersion?.(3) ?? true) && A.canMakePayments()
  } catch {
    // Safari throws when called from an insecure context or a cross-origin frame.
    return false
  }
}
