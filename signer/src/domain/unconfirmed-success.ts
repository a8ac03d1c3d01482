import type { Notification } from '../gateway/messages.js'

/**
 * A success notification must say what was paid: its amount (`total_fee`) and currency are
 * checked against the payment before it is applied. One that names neither cannot be checked, so
 * it is not believed on its own: it is stored (result `amount_missing`) and acknowledged, and the
 * payment is queried instead; the query's verified answer (amount checked too) decides. A failure
 * without an amount moves no money and is applied as usual.
 */
export function successWithoutAmount(n: Notification): boolean {
  return n.trade_status === 'TRADE_SUCCESS' && (!n.total_fee || !n.currency)
}
