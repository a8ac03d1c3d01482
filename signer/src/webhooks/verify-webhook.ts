import { secureCompare } from '../crypto/secure-compare.js'
import { computeWebhookSignature } from './sign-webhook.js'

/**
 * What a merchant's backend calls on every webhook it receives (exported as
 * `@eftpay/signer/webhooks`). Verifies the `Eftpay-Signature` header over the raw body, enforces a
 * timestamp tolerance, and returns the parsed event.
 *
 * ```ts
 * import { verifyWebhook } from '@eftpay/signer/webhooks'
 * const event = verifyWebhook({ payload: rawBody, header: req.headers['eftpay-signature'], secret })
 * ```
 */

export { SIGNATURE_HEADER, signWebhook } from './sign-webhook.js'

/** The event a webhook carries (docs/api.md "Merchant webhooks"). */
export interface WebhookEvent {
  id: string
  type: string
  created_at: string
  data: {
    session?: Record<string, unknown>
    payment?: Record<string, unknown>
    refund?: Record<string, unknown>
  }
}

export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received (not re-serialised JSON). */
  payload: string
  /** The `Eftpay-Signature` header value. */
  header: string | null | undefined
  /** The webhook secret; several while rotating (any one matching is enough). */
  secret: string | readonly string[]
  /** How far the signature's timestamp may be from now, in seconds (default 300). */
  toleranceSeconds?: number
  /** The current time (tests). */
  now?: Date
}

export type WebhookErrorCode =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_out_of_tolerance'
  | 'signature_mismatch'
  | 'invalid_payload'

/** Why a webhook was refused; answer it with a 400 and do not act on it. */
export class WebhookVerificationError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'WebhookVerificationError'
  }
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const index = part.indexOf('=')
    if (index < 0) continue
    const key = part.slice(0, index).trim()
    const value = part.slice(index + 1).trim()
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value)
    else if (key === 'v1' && value) signatures.push(value.toLowerCase())
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookVerificationError(
      'malformed_header',
      'Eftpay-Signature must look like t=<unix seconds>,v1=<hex>',
    )
  }
  return { timestamp, signatures }
}

/** Verifies a webhook and returns its event, or throws `WebhookVerificationError`. */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent {
  const { payload, header } = options
  if (!header)
    throw new WebhookVerificationError('missing_header', 'the Eftpay-Signature header is missing')
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...options.secret]
  if (secrets.length === 0 || secrets.some((s) => !s))
    throw new TypeError('verifyWebhook needs a non-empty secret')
  const { timestamp, signatures } = parseHeader(header)
  const tolerance = options.toleranceSeconds ?? 300
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000)
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `the signature's timestamp is more than ${tolerance} s away from now; check the clock or refuse a replay`,
    )
  }
  // Every secret against every v1, without stopping early, in constant time per comparison.
  let matched = false
  for (const secret of secrets) {
    const expected = computeWebhookSignature(payload, timestamp, secret)
    for (const candidate of signatures) if (secureCompare(expected, candidate)) matched = true
  }
  if (!matched)
    throw new WebhookVerificationError(
      'signature_mismatch',
      'no v1 signature matches the payload and secret',
    )
  let event: unknown
  try {
    event = JSON.parse(payload)
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'the payload is not JSON')
  }
  if (!event || typeof event !== 'object' || typeof (event as WebhookEvent).type !== 'string') {
    throw new WebhookVerificationError('invalid_payload', 'the payload is not a webhook event')
  }
  return event as WebhookEvent
}
