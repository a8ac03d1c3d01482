import type { PaymentStatus, RefundStatus } from './types.js'

/**
 * What a gateway `trade_status` means for our records (docs/protocol.md). Only TRADE_SUCCESS is
 * paid. TRADE_CLOSED on a sale is "closed or expired without payment": expired once the order's
 * own active time is over, failed before that (a cancel on the pay page closes the order).
 * TRADE_PROCESSING and anything unknown leave the payment pending, to be asked again.
 */
export function paymentStatusFor(tradeStatus: string, activeTimeOver: boolean): PaymentStatus {
  switch (tradeStatus) {
    case 'TRADE_SUCCESS':
      return 'succeeded'
    case 'TRADE_FAIL':
      return 'failed'
    case 'TRADE_CLOSED':
      return activeTimeOver ? 'expired' : 'failed'
    default:
      return 'pending'
  }
}

/**
 * A refund's `trade_status`: TRADE_REFUND (partial done) and TRADE_CLOSED (full done, the
 * order closed) are success; TRADE_FAIL failed; TRADE_PROCESSING, APPLY_SUCCESS and unknown values
 * are still pending.
 */
export function refundStatusFor(tradeStatus: string): RefundStatus {
  switch (tradeStatus) {
    case 'TRADE_REFUND':
    case 'TRADE_CLOSED':
      return 'succeeded'
    case 'TRADE_FAIL':
      return 'failed'
    default:
      return 'pending'
  }
}
