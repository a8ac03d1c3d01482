/**
 * Money as integer cents (BigInt), never floats. Amounts travel as decimal strings ("12.50"); the
 * gateway may send "1" or "1.5" (a notification's `total_fee`, docs/protocol.md), so parsing accepts 0–2 decimals.
 */

const AMOUNT = /^(\d{1,15})(?:\.(\d{1,2}))?$/

/** Parses a decimal amount into cents, or throws a RangeError naming the value. */
export function toCents(amount: string): bigint {
  const m = AMOUNT.exec(amount)
  if (!m) throw new RangeError(`not an amount with at most 2 decimals: ${JSON.stringify(amount)}`)
  const [, whole = '0', fraction = ''] = m
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'))
}

/** Whether a string is an amount `toCents` accepts. */
export function isAmount(amount: string): boolean {
  return AMOUNT.test(amount)
}

/** Formats cents as the canonical two-decimal string ("12.50"). */
export function fromCents(cents: bigint): string {
  if (cents < 0n) throw new RangeError('negative amount')
  const whole = cents / 100n
  const fraction = (cents % 100n).toString().padStart(2, '0')
  return `${whole}.${fraction}`
}

/** The canonical form of an amount ("1" → "1.00", "012.5" → "12.50"). */
export function normalizeAmount(amount: string): string {
  return fromCents(toCents(amount))
}
