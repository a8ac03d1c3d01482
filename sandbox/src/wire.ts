import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * The sandbox's own signing, written from docs/protocol.md "Signature" and sharing nothing with the
 * signer (test/independence.test.ts), so a mistake in one side's canonical string shows up as a
 * refused request or an unverifiable reply instead of hiding in both.
 */

/** How empty values enter the canonical string: left out (`k=` absent) or kept (`k=`). */
export type EmptyValues = 'dropped' | 'kept'

/**
 * How the sandbox signs what it sends. The pages leave the empty-value reading open and show only
 * lowercase hex, so a verifier is tested against each: `empty-dropped` (the default), `empty-kept`,
 * and `uppercase-hex` (empty values dropped, the digest in capitals).
 */
export type SignVariant = 'empty-dropped' | 'empty-kept' | 'uppercase-hex'
export const SIGN_VARIANTS = ['empty-dropped', 'empty-kept', 'uppercase-hex'] as const

/** `k=v` pairs of every field but `sign`, keys in byte order, values raw, joined by `&`. */
export function canonical(
  fields: Readonly<Record<string, string>>,
  variant: SignVariant | EmptyValues,
): string {
  const keep = variant === 'empty-kept' || variant === 'kept'
  const keys = Object.keys(fields).filter((key) => key !== 'sign' && (keep || fields[key] !== ''))
  // Byte order of the UTF-8 keys (the pages' ASCII order): compare buffers, not locale strings.
  keys.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
  return keys.map((key) => `${key}=${fields[key]}`).join('&')
}

/** SHA-256 of the secret followed directly by the canonical string, lowercase hex. */
export function digest(secret: string, canonicalString: string): string {
  return createHash('sha256').update(`${secret}${canonicalString}`, 'utf8').digest('hex')
}

/** The payload with its `sign`, every field kept in the body (empty ones included). */
export function signed(
  fields: Readonly<Record<string, string>>,
  secret: string,
  variant: SignVariant = 'empty-dropped',
): Record<string, string> {
  const body = { ...fields }
  delete body.sign
  const sign = digest(secret, canonical(body, variant))
  return { ...body, sign: variant === 'uppercase-hex' ? sign.toUpperCase() : sign }
}

/**
 * Which request signatures the sandbox takes. By default only what the pages show: 64 lowercase
 * hex digits over the empty-dropped string. The other readings are variants (variants.ts).
 */
export interface AcceptedSignatures {
  uppercaseHex: boolean
  emptyValues: EmptyValues | 'either'
}

export const STRICT_SIGNATURES: AcceptedSignatures = { uppercaseHex: false, emptyValues: 'dropped' }

/** Whether a merchant's request (or notification acknowledgement) is signed with `secret`. */
export function signedBy(
  fields: Readonly<Record<string, string>>,
  secret: string,
  accepted: AcceptedSignatures = STRICT_SIGNATURES,
): boolean {
  const given = fields.sign
  const shape = accepted.uppercaseHex ? /^[0-9a-fA-F]{64}$/ : /^[0-9a-f]{64}$/
  if (typeof given !== 'string' || !shape.test(given)) return false
  const received = Buffer.from(given.toLowerCase(), 'utf8')
  const readings: EmptyValues[] =
    accepted.emptyValues === 'either' ? ['dropped', 'kept'] : [accepted.emptyValues]
  return readings.some((reading) =>
    timingSafeEqual(Buffer.from(digest(secret, canonical(fields, reading)), 'utf8'), received),
  )
}
