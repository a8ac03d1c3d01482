/**
 * The sandbox's own reading of amounts (docs/protocol.md, "Transport": decimal strings, at most 2
 * decimals), apart from the signer's: integer cents as BigInt, never floats.
 */

const AMOUNT = /^(0|[1-9]\d{0,14})(?:\.(\d{1,2}))?$/

/** Whether `value` is an amount: digits without a leading zero, at most 2 decimals. */
export function isAmount(value: string): boolean {
  return AMOUNT.test(value)
}

/** Cents of an amount; throws a RangeError naming the value when it is not one. */
export function amountToCents(value: string): bigint {
  const m = AMOUNT.exec(value)
  if (!m) throw new RangeError(`not an amount: ${JSON.stringify(value)}`)
  return BigInt(m[1] ?? '0') * 100n + BigInt((m[2] ?? '').padEnd(2, '0'))
}

/** Cents as a two-decimal string (1250n → "12.50"), for the sandbox's JSON views and pages. */
export function centsToAmount(cents: bigint): string {
  if (cents < 0n) throw new RangeError('negative amount')
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`
}
