/**
 * A stand-in for Google Pay in Chrome's Payment Request API, injected before the page's scripts
 * (Google's servers cannot be reached from a test): `new PaymentRequest(methods, details)` for the
 * `https://google.com/pay` method; `canMakePayment()` answers true; `show()` needs the click's user
 * activation and "shows the sheet", where the shopper pays at once: it resolves with Google Pay's
 * `PaymentData` whose gateway token is `token`; `complete(result)` closes it. Every call is
 * recorded in `window.__googlePay`. Only `https://google.com/pay` is faked: other methods go to the
 * browser's own `PaymentRequest`.
 */
export function installFakeGooglePay(token: string): void {
  type Call = { type: string; [key: string]: unknown }
  const calls: Call[] = []
  ;(window as unknown as { __googlePay: Call[] }).__googlePay = calls

  class FakePaymentRequest {
    constructor(
      readonly methodData: Array<{ supportedMethods: string; data?: unknown }>,
      readonly details: unknown,
    ) {
      calls.push({
        type: 'new',
        method: methodData[0]?.supportedMethods,
        data: methodData[0]?.data,
        details,
      })
    }

    canMakePayment(): Promise<boolean> {
      return Promise.resolve(this.methodData[0]?.supportedMethods === 'https://google.com/pay')
    }

    show(): Promise<unknown> {
      calls.push({ type: 'show' })
      if (!navigator.userActivation.isActive)
        return Promise.reject(new DOMException('requires user activation', 'SecurityError'))
      return Promise.resolve({
        methodName: 'https://google.com/pay',
        details: {
          apiVersion: 2,
          apiVersionMinor: 0,
          paymentMethodData: {
            type: 'CARD',
            description: 'Visa •••• 1111',
            info: { cardNetwork: 'VISA', cardDetails: '1111' },
            tokenizationData: { type: 'PAYMENT_GATEWAY', token },
          },
        },
        complete(result?: string): Promise<void> {
          calls.push({ type: 'completed', result })
          return Promise.resolve()
        },
      })
    }
  }

  ;(window as unknown as { PaymentRequest: unknown }).PaymentRequest = FakePaymentRequest
}
