import { createHmac } from 'node:crypto'

/**
 * The signature scheme of the signer's merchant webhooks, in one place: the signer signs with it
 * and merchants verify with it (docs/api.md "Merchant webhooks"; after stripe-node's
 * `Webhooks.ts`). Header `Eftpay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">`. The timestamp is inside the signed string, so a captured delivery cannot be
 * replayed later than the verifier's tolerance.
 */

/** The header that carries the signature (HTTP header names are case-insensitive). */
export const SIGNATURE_HEADER = 'Eftpay-Signature'

/**
 * The hex HMAC-SHA256 of `"<timestamp>.<payload>"`. A string payload is taken as UTF-8, so the
 * raw body's bytes and the same body decoded to a string sign alike.
 */
export function computeWebhookSignature(
  payload: string | Uint8Array,
  timestamp: number,
  secret: string,
): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload)
    .digest('hex')
}

/**
 * The `Eftpay-Signature` header value for a payload signed at `timestamp` (unix seconds). With
 * several secrets (rotation), one `v1` per secret, so a merchant holding either the old or the new
 * secret can verify. Merchants use it to sign fixtures for their own tests.
 */
export function signWebhook(
  payload: string | Uint8Array,
  secret: string | readonly string[],
  timestamp: number,
): string {
  const secrets = typeof secret === 'string' ? [secret] : secret
  if (secrets.length === 0 || secrets.some((s) => !s))
    throw new TypeError('signWebhook needs a non-empty secret (or several while rotating)')
  if (!Number.isFinite(timestamp) || timestamp < 0)
    throw new TypeError('signWebhook needs the timestamp in unix seconds')
  const t = Math.floor(timestamp)
  return [`t=${t}`, ...secrets.map((s) => `v1=${computeWebhookSignature(payload, t, s)}`)].join(',')
}
