import { flagPendingPayments, listPaymentsNeedingAttention } from '../store/payments.js'
import { flagPendingRefunds, listRefundsNeedingAttention } from '../store/refunds.js'
import type { Core } from './context.js'
import { emit } from './events.js'
import type { NeedsAttention } from './types.js'

/**
 * What the signer cannot settle on its own is shown to a person (docs/api.md "State rules"): a
 * payment or refund still pending `needsAttentionAfterHours` after it was created has had no final
 * answer from eftPay however often it was asked (reconcile.ts keeps asking). It is flagged once:
 * `needs_attention_at` on the row (its status does not change, and the flag goes when the status
 * does), a `payment.needs_attention` / `refund.needs_attention` event written in the same
 * transaction, an error-level log line, the `signer_needs_attention` metric (read from the store)
 * and `GET /v1/attention`.
 */

export const DEFAULT_NEEDS_ATTENTION_AFTER_HOURS = 72

/** At most this many of each are listed by `GET /v1/attention` (oldest flag first). */
export const ATTENTION_LIST_LIMIT = 100

const horizonMs = (core: Core) =>
  (core.options.needsAttentionAfterHours ?? DEFAULT_NEEDS_ATTENTION_AFTER_HOURS) * 3_600_000

/** One reconciler step: flags what has stayed pending past the horizon. Returns the counts. */
export async function flagNeedsAttention(
  core: Core,
): Promise<{ payments: number; refunds: number }> {
  const now = core.clock()
  const cutoff = new Date(now.getTime() - horizonMs(core))
  const hours = horizonMs(core) / 3_600_000
  const payments = await core.db.transaction(async (tx) => {
    const flagged = await flagPendingPayments(tx, cutoff, now)
    for (const payment of flagged) {
      await emit(core, tx, 'payment.needs_attention', { sessionId: payment.sessionId, payment })
      core.logger.error(
        {
          payment_id: payment.id,
          session_id: payment.sessionId,
          out_trade_no: payment.outTradeNo,
          wallet: payment.wallet,
          amount: payment.amount,
          hours,
        },
        'PAYMENT NEEDS ATTENTION: no final answer from eftPay; a person must check this order with eftPay',
      )
    }
    return flagged.length
  })
  const refunds = await core.db.transaction(async (tx) => {
    const flagged = await flagPendingRefunds(tx, cutoff, now)
    for (const refund of flagged) {
      await emit(core, tx, 'refund.needs_attention', { sessionId: refund.sessionId, refund })
      core.logger.error(
        {
          refund_id: refund.id,
          session_id: refund.sessionId,
          out_refund_no: refund.outRefundNo,
          amount: refund.amount,
          hours,
        },
        'REFUND NEEDS ATTENTION: no final status from eftPay; a person must check this refund with eftPay',
      )
    }
    return flagged.length
  })
  return { payments, refunds }
}

/** `PaymentsService.listNeedsAttention`. */
export async function listNeedsAttention(core: Core): Promise<NeedsAttention> {
  const payments = await listPaymentsNeedingAttention(core.db, ATTENTION_LIST_LIMIT + 1)
  const refunds = await listRefundsNeedingAttention(core.db, ATTENTION_LIST_LIMIT + 1)
  return {
    payments: payments.slice(0, ATTENTION_LIST_LIMIT),
    refunds: refunds.slice(0, ATTENTION_LIST_LIMIT),
    hasMore: payments.length > ATTENTION_LIST_LIMIT || refunds.length > ATTENTION_LIST_LIMIT,
  }
}
