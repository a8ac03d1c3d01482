import type { Db } from '../store/db.js'
import type { StoredRefund } from '../store/refunds.js'
import type { Core } from './context.js'
import { applyRefundTradeStatus } from './state-changes.js'
import { checkStatedAmount } from './stated-amount.js'

/**
 * Applies a verified reply about a refund (the refund request's own reply, or a refund query) the
 * way sale answers are read (sale-answer.ts): only when it is about a refund, for the refund's own
 * amount and currency, and a success only when it states its amount. Anything else is logged and
 * not applied: the refund stays pending and is asked again.
 */
export async function applyRefundAnswer(
  core: Core,
  tx: Db,
  refund: StoredRefund,
  reply: Record<string, string | undefined>,
): Promise<{ refund: StoredRefund; changed: boolean }> {
  const tradeStatus = reply.trade_status ?? ''
  const log = { refund_id: refund.id, trade_status: tradeStatus }
  if (reply.trade_type && reply.trade_type !== 'REFUND') {
    core.logger.error(
      { ...log, trade_type: reply.trade_type },
      'GATEWAY ANSWER IS NOT ABOUT THE REFUND: not applied; investigate',
    )
    return { refund, changed: false }
  }
  // A refund query states this refund's amount as transaction_amount, the refund reply as return_amount.
  const amount = reply.transaction_amount ?? reply.return_amount
  const stated = checkStatedAmount(refund, { amount, currency: reply.currency })
  if (stated === 'mismatch') {
    core.logger.error(
      { ...log, stated_amount: amount, currency: reply.currency, amount: refund.amount },
      'REFUND AMOUNT DOES NOT MATCH THE REFUND: not applied; investigate',
    )
    return { refund, changed: false }
  }
  if (stated === 'missing' && (tradeStatus === 'TRADE_REFUND' || tradeStatus === 'TRADE_CLOSED')) {
    core.logger.warn(log, 'a refund success that states no amount: not applied; asked again')
    return { refund, changed: false }
  }
  return applyRefundTradeStatus(core, tx, refund.id, tradeStatus)
}
