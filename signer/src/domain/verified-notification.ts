import { canonicalString, sha256Hex } from '../gateway/sign.js'
import type { SignatureVariant } from '../gateway/verify.js'

/**
 * What a verified notification is recognised by and stored as: only what its signature covers.
 * The signer accepts a signature over the fields with empty values dropped (docs/protocol.md,
 * "Signature"), so anyone holding one signed payload (the shopper's return carries one) can add
 * any number of empty-valued fields and it still verifies. Keyed and stored raw, each padded copy
 * was a new row of up to the body limit; keyed by the signed content and stored without the
 * padding, every copy is the same row of the gateway's own size.
 */

/**
 * The dedupe key: SHA-256 of the canonical string with empty values dropped, the same for every
 * variant of one signed payload (whichever signature variant verified, with or without padding,
 * `sign` in any letter case).
 */
export function notificationKey(payload: Readonly<Record<string, unknown>>): string {
  return sha256Hex(canonicalString(payload, false))
}

/**
 * The fields the verified signature covers, with `sign`: what is stored, so the row can be
 * verified again. `empty-dropped` covers no empty value; `as-received` covers them all (a field
 * added to such a payload breaks its signature). Absent values (null) are covered by neither.
 */
export function signedFields(
  payload: Readonly<Record<string, unknown>>,
  variant: SignatureVariant,
): Record<string, string> {
  // Object.fromEntries defines properties: a key named "__proto__" stays data.
  return Object.fromEntries(
    Object.entries(payload).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' &&
        (entry[0] === 'sign' || variant === 'as-received' || entry[1] !== ''),
    ),
  )
}
