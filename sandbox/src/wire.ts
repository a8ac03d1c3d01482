import { createHash, timingSafeEqual } from 'node:crypto'

/**
 * The sandbox's own signing, written from docs/protocol.md "Signature" and not shared with the
 * signer (a test keeps it that way), so a mistake in one side's canonical string shows up as a
 * refused request or an unverifiable reply instead of hiding in both.
 */

/**
 * How empty values enter the signed string. The pages leave it open, so the sandbox can sign its
 * replies and notifications either way: `empty-dropped` (the default) leaves `k=` pairs out,
 * `empty-kept` keeps them.
 */
export type SignVariant = 'empty-dropped' | 'empty-kept'
export const SIGN_VARIANTS = ['empty-dropped', 'empty-kept'] as const

/** `k=v` pairs of every field but `sign`, keys in byte order, values raw, joined by `&`. */
export function canonical(fields: Readonly<Record<string, string>>, variant: SignVariant): string {
  const keys = Object.keys(fields).filter(
    (key) => key !== 'sign' && (variant === 'empty-kept' || fields[key] !== ''),
  )
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
  variant: SignVariant,
): Record<string, string> {
  const body = { ...fields }
  delete body.sign
  return { ...body, sign: digest(secret, canonical(body, variant)) }
}

/**
 * Whether a merchant's request is signed with `secret`. A request should carry no empty value
 * (docs/protocol.md); when one does (the "Place an Order" example sends `"tid": ""`) either
 * reading is accepted, as the pages do not settle it.
 */
export function signedBy(fields: Readonly<Record<string, string>>, secret: string): boolean {
  const given = fields.sign
  if (typeof given !== 'string' || !/^[0-9a-fA-F]{64}$/.test(given)) return false
  const received = Buffer.from(given.toLowerCase(), 'utf8')
  return SIGN_VARIANTS.some((variant) =>
    timingSafeEqual(Buffer.from(digest(secret, canonical(fields, variant)), 'utf8'), received),
  )
}
