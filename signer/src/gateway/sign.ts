import * as crypto from 'node:crypto'

/** A flat gateway payload: every value is a string (docs/protocol.md, signing). */
export type GatewayFields = Record<string, string>

/**
 * Sorted key orders, cached by message shape. A message type always carries the same keys in the
 * same insertion order (the client builds each one from a fixed schema), so sorting them on every
 * call is wasted work: at the gateway's ~15 fields the sort costs about as much as the SHA-256
 * itself (bench/README.md, `sign_vs_raw_hash`). A shape is recognised by comparing the object's keys,
 * in order, with the insertion order seen before (interned strings: mostly pointer compares);
 * payloads with keys nobody planned for (a fuzzer, a hostile notification) only fill the bounded
 * cache, never change a result.
 */
interface Shape {
  /** The keys in the order `Object.keys` returned them. */
  readonly keys: readonly string[]
  /** The same keys in byte-wise order, without `sign`. */
  readonly sorted: readonly string[]
  /** `key=` for each sorted key, and `&key=`: built once, so a signature concatenates fewer pieces. */
  readonly first: readonly string[]
  readonly next: readonly string[]
}

/** Shapes per key count; the gateway has a dozen message types, so a few per count is plenty. */
const shapes = new Map<number, Shape[]>()
const SHAPES_PER_COUNT = 8

function shapeOf(keys: readonly string[]): Shape {
  const bucket = shapes.get(keys.length)
  if (bucket) {
    search: for (const shape of bucket) {
      const known = shape.keys
      for (let i = 0; i < keys.length; i++) if (known[i] !== keys[i]) continue search
      return shape
    }
  }
  // JS's default sort compares UTF-16 code units, which equals byte order for the ASCII keys the
  // gateway uses.
  const sorted = keys.filter((key) => key !== 'sign').sort()
  const shape: Shape = {
    keys: [...keys],
    sorted,
    first: sorted.map((key) => `${key}=`),
    next: sorted.map((key) => `&${key}=`),
  }
  if (!bucket) shapes.set(keys.length, [shape])
  else {
    if (bucket.length >= SHAPES_PER_COUNT) bucket.pop()
    bucket.unshift(shape)
  }
  return shape
}

/**
 * `prefix` followed by the canonical string. Signing passes the secret as the prefix, so the
 * hashed text is built in one piece instead of being concatenated (and copied) once more.
 */
function withCanonical(
  prefix: string,
  fields: Readonly<Record<string, unknown>>,
  keepEmpty: boolean,
): string {
  const { sorted, first, next } = shapeOf(Object.keys(fields))
  let out = prefix
  let parts: readonly string[] = first
  for (let i = 0; i < sorted.length; i++) {
    const value = fields[sorted[i] as string]
    if (value === undefined || value === null) continue
    if (typeof value !== 'string') {
      // How the gateway serialises a non-string into the signed string is unknown: refuse it.
      throw new TypeError(`gateway field "${sorted[i]}" must be a string, got ${typeof value}`)
    }
    if (value === '' && !keepEmpty) continue
    out += (parts[i] as string) + value
    parts = next
  }
  return out
}

/**
 * The canonical string (docs/protocol.md, signing, steps 1–4): every field but `sign`, empty
 * values left out, keys in byte-wise order, `key=value` joined by `&`, values raw.
 */
export function canonicalString(
  fields: Readonly<Record<string, unknown>>,
  keepEmpty = false,
): string {
  return withCanonical('', fields, keepEmpty)
}

/**
 * SHA-256 of a string's UTF-8 bytes, lowercase hex. Node's one-shot `crypto.hash` (Node ≥ 20.12)
 * skips the `Hash` object `createHash` allocates and its three native calls: about half the cost
 * of a 433-byte signature (bench/README.md, `sign_vs_raw_hash`); `createHash` where it is missing.
 */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string })
  .hash
export const sha256Hex: (text: string) => string = oneShot
  ? (text) => oneShot('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text, 'utf8').digest('hex')

/** SHA-256 over `secret + canonical`, UTF-8, lowercase hex (docs/protocol.md, signing, steps 5–6). */
export function signCanonical(canonical: string, secret: string): string {
  return sha256Hex(secret + canonical)
}

/** The `sign` value for a payload: `signCanonical(canonicalString(fields), secret)`. */
export function sign(fields: Readonly<Record<string, unknown>>, secret: string): string {
  return sha256Hex(withCanonical(secret, fields, false))
}

/**
 * Returns the payload as it goes on the wire: empty values dropped (so the body and the signed set
 * always match, docs/protocol.md, signing, step 2) and `sign` added.
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
