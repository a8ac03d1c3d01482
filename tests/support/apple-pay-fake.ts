/**
 * A stand-in for Safari's `ApplePaySession` (Apple Pay JS), injected before the page's scripts.
 * It follows Apple's API: static `canMakePayments()`, `supportsVersion()`, `STATUS_SUCCESS` and
 * `STATUS_FAILURE`; `new ApplePaySession(version, request)`; `begin()` fires `onvalidatemerchant`
 * with an Apple validation URL; `completeMerchantValidation()` "shows the sheet" and the shopper
 * authorises at once, firing `onpaymentauthorized` with a token whose `paymentData.data` is
 * `tokenData`; `completePayment()` closes it. Every call is recorded in `window.__applePay`.
 */
export function installFakeApplePay(tokenData: string): void {
  type Call = { type: string; [key: string]: unknown }
  const calls: Call[] = []
  ;(window as unknown as { __applePay: Call[] }).__applePay = calls

  class FakeApplePaySession {
    static readonly STATUS_SUCCESS = 0
    static readonly STATUS_FAILURE = 1
    static canMakePayments(): boolean {
      return true
    }
    static supportsVersion(version: number): boolean {
      return version >= 1 && version <= 14
    }

    onvalidatemerchant: ((event: { validationURL: string }) => void) | null = null
    onpaymentauthorized: ((event: unknown) => void) | null = null
    oncancel: ((event: unknown) => void) | null = null
    private done = false

    constructor(version: number, request: unknown) {
      calls.push({ type: 'new', version, request })
    }
    begin(): void {
      calls.push({ type: 'begin' })
      setTimeout(
        () =>
          this.onvalidatemerchant?.({
            validationURL: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
          }),
        0,
      )
    }
    completeMerchantValidation(merchantSession: unknown): void {
      calls.push({ type: 'merchant-validated', merchantSession })
      const payment = {
        token: {
          paymentData: {
            version: 'EC_v1',
            data: tokenData,
            signature: 'ZmFrZS1zaWduYXR1cmU=',
            header: {
              ephemeralPublicKey: 'ZmFrZS1rZXk=',
              publicKeyHash: 'ZmFrZS1oYXNo',
              transactionId: 'fa4e0001',
            },
          },
          paymentMethod: { displayName: 'Visa 0492', network: 'Visa', type: 'debit' },
          transactionIdentifier: 'FA4E0001',
        },
      }
      setTimeout(() => this.onpaymentauthorized?.({ payment }), 0)
    }
    completePayment(result: number | { status: number }): void {
      if (this.done) throw new Error('completePayment called twice')
      this.done = true
      calls.push({ type: 'completed', status: typeof result === 'number' ? result : result.status })
    }
    abort(): void {
      calls.push({ type: 'abort' })
      this.done = true
    }
  }
  ;(window as unknown as { ApplePaySession: unknown }).ApplePaySession = FakeApplePaySession
}
