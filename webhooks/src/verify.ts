import type { WebhookEvent } from './event.js'
import { secureCompare } from './secure-compare.js'
import { computeWebhookSignature } from './sign.js'

/**
 * What a merchant's backend calls on every webhook it receives: checks the `Eftpay-Signature`
 * header over the raw body, enforces a timestamp tolerance, and returns the parsed event
 * (docs/api.md "Merchant webhooks").
 */

export interface VerifyWebhookOptions {
  /**
   * The raw request body exactly as received (a string or its bytes), never JSON parsed and
   * serialised again: any change of whitespace or key order breaks the signature.
   */
  payload: string | Uint8Array
  /** The `Eftpay-Signature` header value (Node's `req.headers['eftpay-signature']` as is). */
  header: string | readonly string[] | null | undefined
  /** The webhook secret (MERCHANT_WEBHOOK_SECRET); several while rotating, any one matching. */
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

/** Why a webhook was refused: answer it with a 400 and do not act on it. */
export class WebhookVerificationError extends Error {
  readonly code: WebhookErrorCode

  constructor(code: WebhookErrorCode, message: string) {
    super(message)
    this.name = 'WebhookVerificationError'
    this.code = code
  }
}

export const DEFAULT_TOLERANCE_SECONDS = 300

const MALFORMED = 'Eftpay-Signature must look like t=<unix seconds>,v1=<64 hex digits>'

function headerValue(header: VerifyWebhookOptions['header']): string {
  if (Array.isArray(header)) {
    // Frameworks may hand a repeated header over as an array: one value is fine, more is not.
    if (header.length > 1)
      throw new WebhookVerificationError('malformed_header', 'Eftpay-Signature was sent twice')
    return headerValue(header[0])
  }
  const value = header as string | null | undefined
  if (typeof value !== 'string' || value.trim() === '')
    throw new WebhookVerificationError('missing_header', 'the Eftpay-Signature header is missing')
  return value
}

function parseHeader(header: string): { timestamp: number; signatures: string[] } {
  let timestamp: number | undefined
  const signatures: string[] = []
  for (const part of header.split(',')) {
    const index = part.indexOf('=')
    if (index < 0) continue
    const key = part.slice(0, index).trim()
    const value = part.slice(index + 1).trim()
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value))
        throw new WebhookVerificationError('malformed_header', MALFORMED)
      timestamp = Number(value)
    } else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(value.toLowerCase())
    // Other schemes (a future v2) are skipped, so a signer may add one without breaking verifiers.
  }
  if (timestamp === undefined || signatures.length === 0)
    throw new WebhookVerificationError('malformed_header', MALFORMED)
  return { timestamp, signatures }
}

function parseEvent(payload: string | Uint8Array): WebhookEvent {
  let event: unknown
  try {
    event = JSON.parse(typeof payload === 'string' ? payload : new TextDecoder().decode(payload))
  } catch {
    throw new WebhookVerificationError('invalid_payload', 'the payload is not JSON')
  }
  const candidate = event as Partial<WebhookEvent> | null
  if (
    !candidate ||
    typeof candidate !== 'object' ||
    typeof candidate.id !== 'string' ||
    typeof candidate.type !== 'string'
  )
    throw new WebhookVerificationError(
      'invalid_payload',
      'the payload is not a webhook event (no id or type)',
    )
  return candidate as WebhookEvent
}

/** Verifies a webhook and returns its event, or throws `WebhookVerificationError`. */
export function verifyWebhook(options: VerifyWebhookOptions): WebhookEvent {
  const { payload } = options
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array))
    throw new TypeError(
      'verifyWebhook needs the raw body as a string or bytes (for example express.raw()), not parsed JSON',
    )
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...options.secret]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || !s))
    throw new TypeError('verifyWebhook needs a non-empty secret (MERCHANT_WEBHOOK_SECRET)')
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS
  if (!Number.isFinite(tolerance) || tolerance < 0)
    throw new TypeError('toleranceSeconds must be a number of seconds, 0 or more')

  const { timestamp, signatures } = parseHeader(headerValue(options.header))
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000)
  if (Math.abs(nowSeconds - timestamp) > tolerance)
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `the signature's timestamp is more than ${tolerance} s away from now: check this server's clock, or it is a replay`,
    )
  // Every secret against every v1 without stopping early, each comparison in constant time.
  let matched = false
  for (const secret of secrets) {
    const expected = computeWebhookSignature(payload, timestamp, secret)
    for (const candidate of signatures) if (secureCompare(expected, candidate)) matched = true
  }
  if (!matched)
    throw new WebhookVerificationError(
      'signature_mismatch',
      'no v1 signature matches: check the secret, and pass the raw body exactly as received',
    )
  return parseEvent(payload)
}
