import { createHash } from 'node:crypto'

/** A flat gateway payload: every value is a string (PROTOCOL.md §1, §2.4). */
export type GatewayFields = Record<string, string>

/**
 * The canonical string of PROTOCOL.md §2.1 steps 1–4: every field but `sign`, empty values left
 * out, keys in byte-wise order (JS's default sort compares UTF-16 code units, which equals byte
 * order for the ASCII keys the gateway uses), `key=value` joined by `&`, values raw.
 */
export function canonicalString(
  fields: Readonly<Record<string, unknown>>,
  keepEmpty = false,
): string {
  const pairs: string[] = []
  for (const key of Object.keys(fields).sort()) {
    if (key === 'sign') continue
    const value = fields[key]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') {
      // §2.4: how a non-string is serialised into the signed string is unknown; refuse it.
      throw new TypeError(`gateway field "${key}" must be a string, got ${typeof value}`)
    }
    if (value === '' && !keepEmpty) continue
    pairs.push(`${key}=${value}`)
  }
  return pairs.join('&')
}

/** SHA-256 over `secret + canonical`, UTF-8, lowercase hex (PROTOCOL.md §2.1 steps 5–6). */
export function signCanonical(canonical: string, secret: string): string {
  return createHash('sha256')
    .update(secret + canonical, 'utf8')
    .digest('hex')
}

/** The `sign` value for a payload. */
export function sign(fields: Readonly<Record<string, unknown>>, secret: string): string {
  return signCanonical(canonicalString(fields), secret)
}

/**
 * Returns the payload as it goes on the wire: empty values dropped (so the body and the signed set
 * always match, §2.1 step 2) and `sign` added.
 */
export function signPayload(
  fields: Readonly<Record<string, string | undefined>>,
  secret: string,
): GatewayFields {
  const body: GatewayFields = {}
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'sign' || value === undefined || value === '') continue
    body[key] = value
  }
  body.sign = sign(body, secret)
  return body
}
