import type { TradeReply } from '../gateway/messages.js'
import type { StoredPayment } from '../store/payments.js'
import type { Core } from './context.js'
import { checkStatedAmount, isAboutTheSale } from './stated-amount.js'

/** What may be applied from a verified reply about a sale. */
export interface SaleAnswer {
  tradeStatus: string
  eftTradeNo?: string
}

/**
 * Reads a verified reply about a payment's order (a query, or a token payment's synchronous reply)
 * the way notifications are read (stated-amount.ts): only about the sale, only for the payment's
 * own amount and currency, and a success only when it states its amount. Anything else is logged
 * and nothing of it is applied (undefined): the payment stays as it is and is asked again.
 */
export function readSaleAnswer(
  core: Core,
  payment: StoredPayment,
  reply: TradeReply,
  source: 'query' | 'token reply',
): SaleAnswer | undefined {
  const log = { payment_id: payment.id, source, trade_status: reply.trade_status }
  if (!isAboutTheSale(reply)) {
    core.logger.error(
      { ...log, trade_type: reply.trade_type },
      'GATEWAY ANSWER IS NOT ABOUT THE SALE: not applied; investigate',
    )
    return undefined
  }
  // A query states the amount as transaction_amount, a token reply as total_fee (docs/protocol.md).
  const amount = reply.transaction_amount ?? reply.total_fee
  const stated = checkStatedAmount(payment, { amount, currency: reply.currency })
  if (stated === 'mismatch') {
    core.logger.error(
      { ...log, stated_amount: amount, currency: reply.currency, amount: payment.amount },
      `${source.toUpperCase()} AMOUNT DOES NOT MATCH THE PAYMENT: not applied; investigate`,
    )
    return undefined
  }
  if (stated === 'missing' && reply.trade_status === 'TRADE_SUCCESS') {
    core.logger.warn(log, 'a success that states no amount: not applied; asked again')
    return undefined
  }
  return { tradeStatus: reply.trade_status, eftTradeNo: reply.eft_trade_no || undefined }
}
