import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'

/** What the check tests share: a live-mode environment pointing at a sandbox. */

export function liveEnv(gatewayUrl: string, extra: Record<string, string> = {}) {
  return {
    EFTPAY_GATEWAY_URL: gatewayUrl,
    EFTPAY_USER_KEY: SANDBOX_USER_KEY,
    EFTPAY_SECRET: SANDBOX_SECRET,
    SIGNER_API_KEY: 'check-test-api-key-0123456789abcdef',
    PUBLIC_URL: 'https://shop.example',
    ALLOWED_ORIGINS: 'https://shop.example',
    EFTPAY_WALLETS: 'ALIPAYHK,OCT',
    ...extra,
  }
}

/** Google Pay in live mode needs its two merchant ids. */
export const GOOGLE_PAY_ENV = {
  GOOGLE_PAY_MERCHANT_ID: 'BCR2DN4TEST',
  GOOGLE_PAY_GATEWAY_MERCHANT_ID: 'eftpay-sandbox',
}

/** A fetch that keeps the body of every gateway request it passes on. */
export function spyingFetch(inner: typeof fetch = fetch) {
  const sent: Record<string, string>[] = []
  const spy: typeof fetch = async (input, init) => {
    if (String(input).includes('/Servlet/') && typeof init?.body === 'string')
      sent.push(JSON.parse(init.body) as Record<string, string>)
    return inner(input, init)
  }
  return { sent, spy }
}
