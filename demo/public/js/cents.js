/**
 * Money as the demo handles it: decimal strings outside, integer cents (BigInt) inside, never a
 * float. One module for the shop page (cart total) and the shop's server (prices an order).
 */

/** "12.50" → 1250n. */
export function toCents(price) {
  const [whole, frac = ''] = price.split('.')
  return BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0').slice(0, 2))
}

/** 1250n → "12.50". */
export function fromCents(cents) {
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`
}
