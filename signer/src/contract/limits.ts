import { z } from 'zod'

/**
 * The value limits the API shares with the gateway's fields (docs/protocol.md "Field types"), so a
 * request the API accepts always fits the wire: the gateway's own fields (gateway/fields.ts) and the
 * API's requests (requests.ts) use these same objects.
 */

const utf8 = new TextEncoder()

/**
 * UTF-8 length of a value: the wire is UTF-8 JSON (docs/protocol.md, "Field types"). TextEncoder,
 * not Buffer, because the widget's type check reads this module too.
 */
export const utf8Bytes = (value: string) => utf8.encode(value).length

/**
 * `String(n)`: at most n UTF-8 bytes, so `subject` String(256) holds 85 Chinese characters
 * (docs/protocol.md, "Field types": the pages do not say characters or bytes; bytes is the reading
 * no gateway can refuse). Values are never empty on the wire (docs/protocol.md, "Signature").
 */
export const str = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .refine((v) => utf8Bytes(v) <= max, `must be at most ${max} bytes (UTF-8)`)

/** An amount: digits with at most two decimals, at most 8 characters, more than zero. */
export const amount = z
  .string()
  .max(8, 'must be at most 8 characters')
  .regex(/^(0|[1-9]\d*)(\.\d{1,2})?$/, 'must be digits with at most 2 decimals, like "12.50"')
  .refine((v) => /[1-9]/.test(v), 'must be more than zero')

/**
 * A session's lifetime (`expires_in`), in seconds: the one rule the API schema (and so the OpenAPI
 * document) and the domain's own check share.
 */
export const MIN_SESSION_LIFETIME_SECONDS = 60
export const MAX_SESSION_LIFETIME_SECONDS = 86_400

/** The most of one catalog item a session or a payment link's line may hold. */
export const MAX_QUANTITY = 99
