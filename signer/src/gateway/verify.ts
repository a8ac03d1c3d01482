import { secureCompare } from '@eftpay/webhooks'
import { canonicalString, signCanonical } from './sign.js'

/** Which canonical form matched: all fields as received, or with empty values dropped (docs/protocol.md, "Signature"). */
export type SignatureVariant = 'as-received' | 'empty-dropped'

export type VerifyResult =
  | { ok: true; variant: SignatureVariant }
  | { ok: false; reason: 'missing-sign' | 'not-a-string' | 'mismatch' }

/**
 * Verifies a payload signed by the gateway (reply, notification or return), docs/protocol.md "Signature":
 * over every top-level field but `sign`, first with empty values kept (`k=`), then with them
 * dropped. Compared case-insensitively in constant time. Several secrets may be given so the
 * merchant can rotate keys; any one matching is enough.
 */
export function verify(
  fields: Readonly<Record<string, unknown>>,
  secrets: string | readonly string[],
): VerifyResult {
  const received = fields.sign
  if (typeof received !== 'string' || received === '') return { ok: false, reason: 'missing-sign' }
  const expected = received.toLowerCase()
  const keys = typeof secrets === 'string' ? [secrets] : secrets
  let asReceived: string
  let emptyDropped: string
  try {
    asReceived = canonicalString(fields, true)
    emptyDropped = canonicalString(fields, false)
  } catch {
    return { ok: false, reason: 'not-a-string' }
  }
  for (const secret of keys) {
    if (secureCompare(signCanonical(asReceived, secret), expected))
      return { ok: true, variant: 'as-received' }
    if (
      emptyDropped !== asReceived &&
      secureCompare(signCanonical(emptyDropped, secret), expected)
    ) {
      return { ok: true, variant: 'empty-dropped' }
    }
  }
  return { ok: false, reason: 'mismatch' }
}
