import { createHmac } from 'node:crypto'

/**
 * Merchant webhook signatures (docs/api.md "Merchant webhooks", after stripe-node's
 * `Webhooks.ts`): header `Eftpay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
 * The timestamp is inside the signed string, so a captured delivery cannot be replayed later than
 * the verifier's tolerance.
 */

export const SIGNATURE_HEADER = 'Eftpay-Signature'

/** The hex HMAC-SHA256 of `"<t>.<payload>"`. */
export function computeWebhookSignature(
  payload: string,
  timestamp: number,
  secret: string,
): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex')
}

/**
 * The header value for a payload. With several secrets (rotation), one `v1` per secret, so a
 * merchant holding either the old or the new secret can verify. Also the test helper that signs
 * fixtures for merchants' own tests.
 */
export function signWebhook(
  payload: string,
  secret: string | readonly string[],
  timestamp: number,
): string {
  const secrets = typeof secret === 'string' ? [secret] : secret
  if (secrets.length === 0) throw new Error('signWebhook needs at least one secret')
  const t = Math.floor(timestamp)
  return [`t=${t}`, ...secrets.map((s) => `v1=${computeWebhookSignature(payload, t, s)}`)].join(',')
}
