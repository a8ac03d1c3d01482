/**
 * Money in the sandbox: amounts arrive as decimal strings ("12.5", "0.81", "1") and are kept as
 * integer cents in a bigint, so no float ever touches a total (the team's money rule).
 */

const AMOUNT = /^(\d+)(?:\.(\d{1,2}))?$/

/** Parses a gateway amount into cents, or undefined when it is not digits with at most 2 decimals. */
export function toCents(value: string): bigint | undefined {
  const m = AMOUNT.exec(value)
  if (!m) return undefined
  const whole = m[1] ?? '0'
  const fraction = (m[2] ?? '').padEnd(2, '0')
  return BigInt(whole) * 100n + BigInt(fraction)
}

/** Formats cents as a two-decimal string: 1250n → "12.50". */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n
  const abs = negative ? -cents : cents
  const whole = abs / 100n
  const fraction = (abs % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

/** The two decimal digits of an amount ("0.81" → "81", "12" → "00"): the PayMe UAT rules key on them. */
export function centsDigits(cents: bigint): string {
  return (cents % 100n).toString().padStart(2, '0')
}
