import { isAmount, toCents } from '../money.js'

/**
 * What a gateway message says was paid (or refunded), checked against the record it is about: one
 * rule for token replies, queries and notifications (docs/api.md "State rules"), because money
 * truth needs the right amount, not only a status.
 * - `mismatch`: it names another amount, a malformed one, or another currency. Nothing in it is
 *   applied (the record stays as it is and is asked about again).
 * - `missing`: it names no amount. A success in it is not believed on its own.
 * - `matches`.
 */
export type StatedAmount = 'matches' | 'mismatch' | 'missing'

export function checkStatedAmount(
  expected: { amount: string; currency: string },
  stated: { amount?: string | undefined; currency?: string | undefined },
): StatedAmount {
  const { amount, currency } = stated
  if (currency && currency !== expected.currency) return 'mismatch'
  if (amount === undefined || amount === '') return 'missing'
  if (!isAmount(amount) || toCents(amount) !== toCents(expected.amount)) return 'mismatch'
  return 'matches'
}

/**
 * Whether a message about `tradeType` may move a sale: only SALE does (docs/protocol.md
 * "Notification"). A message naming no trade type counts as a sale unless it carries a refund's
 * own fields (`refund_no`, `return_amount`: the refund notification's, page "Refund Asynchronous
 * Notification").
 */
export function isAboutTheSale(fields: Record<string, string | undefined>): boolean {
  const tradeType = fields.trade_type
  if (tradeType) return tradeType === 'SALE'
  return !fields.refund_no && !fields.return_amount
}
