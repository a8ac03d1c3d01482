import { randomBytes } from 'node:crypto'

/**
 * Identifiers: sessions `cs_<hex>`, payments `py_<hex>`, refunds `re_<hex>`,
 * events `ev_<hex>`; client secret `<session id>_secret_<base64url of 24 random bytes>` (192 bits,
 * above the 128 the issue asks for).
 *
 * Gateway order numbers are derived from the session: its 20 hex digits, a letter, then a counter
 * (`P` for payment attempts, `R` for refunds). At most 28 alphanumeric characters (the
 * gateway's limit on `out_trade_no` and `out_refund_no`, docs/protocol.md), unique per attempt, and readable in eftPay's
 * back office next to the session id.
 */

/** Random bytes; injectable so tests can make ids predictable. */
export type RandomBytes = (size: number) => Buffer

export const ID_HEX_BYTES = 10

export interface IdFactory {
  session(): string
  payment(): string
  refund(): string
  event(): string
  clientSecret(sessionId: string): string
}

/** Bytes drawn from the CSPRNG at once by `pooledRandomBytes`. */
const POOL_BYTES = 4096
let pool = Buffer.alloc(0)
let offset = 0

/**
 * `randomBytes`, served from a block drawn from the CSPRNG in one call (as Node's `randomUUID` does
 * for its own): one native call per ~200 ids instead of one per id. Each byte is handed out once,
 * and a spent block is replaced, never refilled, so a Buffer a caller keeps never changes.
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES) return randomBytes(size)
  if (offset + size > pool.length) {
    pool = randomBytes(POOL_BYTES)
    offset = 0
  }
  const out = pool.subarray(offset, offset + size)
  offset += size
  return out
}

export function createIds(random: RandomBytes = pooledRandomBytes): IdFactory {
  const hex = () => random(ID_HEX_BYTES).toString('hex')
  return {
    session: () => `cs_${hex()}`,
    payment: () => `py_${hex()}`,
    refund: () => `re_${hex()}`,
    event: () => `ev_${hex()}`,
    clientSecret: (sessionId) => `${sessionId}_secret_${random(24).toString('base64url')}`,
  }
}

/** Counters above this would not fit in 28 characters. */
export const MAX_COUNTER = 9_999_999

function derive(sessionId: string, letter: 'P' | 'R', counter: number): string {
  const core = sessionId.replace(/^cs_/, '').replace(/[^0-9A-Za-z]/g, '')
  if (!Number.isInteger(counter) || counter < 1 || counter > MAX_COUNTER)
    throw new RangeError('counter out of range')
  const value = `${core}${letter}${counter}`
  if (value.length > 28) throw new RangeError(`derived gateway number too long: ${value}`)
  return value
}

/** `out_trade_no` of a session's n-th payment attempt (n from 1). */
export function outTradeNo(sessionId: string, attempt: number): string {
  return derive(sessionId, 'P', attempt)
}

/** `out_refund_no` of a session's n-th refund (n from 1). */
export function outRefundNo(sessionId: string, refund: number): string {
  return derive(sessionId, 'R', refund)
}
