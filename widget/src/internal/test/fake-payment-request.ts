/**
 * A fake `PaymentRequest` that plays Google Pay the way Chrome does through the Payment Request
 * API (Google's servers cannot be reached from a test): `canMakePayment()` answers `canPay`,
 * `show()` needs a user gesture (Chrome: `SecurityError`) and waits for the test to play the
 * shopper, `authorize(token)` (Google Pay's `PaymentData` with the gateway token) or `cancel()`
 * (closing the sheet: `AbortError`). `complete()` records how the page closed the sheet.
 */
export class FakePaymentRequest {
  static canPay = true
  static last: FakePaymentRequest | undefined
  /** How many Payment Requests were created (detection included). */
  static created = 0

  shown = false
  completed: string | undefined
  #settle: { resolve: (r: unknown) => void; reject: (e: unknown) => void } | undefined

  constructor(
    readonly methodData: Array<{ supportedMethods: string; data?: unknown }>,
    readonly details: { total: { label: string; amount: { currency: string; value: string } } },
  ) {
    FakePaymentRequest.created++
    FakePaymentRequest.last = this
  }

  /** The Google Pay `PaymentDataRequest` the page asked with. */
  get data(): Record<string, unknown> {
    return this.methodData[0]!.data as Record<string, unknown>
  }

  canMakePayment(): Promise<boolean> {
    return Promise.resolve(
      FakePaymentRequest.canPay &&
        this.methodData[0]?.supportedMethods === 'https://google.com/pay',
    )
  }

  show(): Promise<unknown> {
    if (!navigator.userActivation.isActive)
      return Promise.reject(
        new DOMException(
          'PaymentRequest.show() requires transient user activation',
          'SecurityError',
        ),
      )
    this.shown = true
    return new Promise((resolve, reject) => (this.#settle = { resolve, reject }))
  }

  /** The shopper pays; Google Pay hands over the gateway's token. */
  authorize(token = '{"fake":"google-pay-token"}'): void {
    this.#settle!.resolve({
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
      complete: (result = 'unknown') => {
        this.completed = result
        return Promise.resolve()
      },
    })
  }

  /** The shopper closes the sheet. */
  cancel(): void {
    this.#settle!.reject(new DOMException('User closed the Payment Request UI.', 'AbortError'))
  }

  /** Installs the fake as `window.PaymentRequest`; returns the uninstaller (which puts back the real one). */
  static install(): () => void {
    const g = globalThis as { PaymentRequest?: unknown }
    const real = g.PaymentRequest
    g.PaymentRequest = FakePaymentRequest
    FakePaymentRequest.canPay = true
    FakePaymentRequest.last = undefined
    FakePaymentRequest.created = 0
    return () => {
      g.PaymentRequest = real
    }
  }
}
