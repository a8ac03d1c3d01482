import type { PaymentStatus, RefundStatus } from './types.js'

/**
 * What a gateway `trade_status` means for our records (docs/protocol.md "trade_status"). Only the
 * documented final answers end a payment or a refund; TRADE_PROCESSING, APPLY_SUCCESS and any
 * value no page documents leave it pending, to be asked again (and flagged for a person when it
 * stays so: attention.ts). Nothing uncertain is ever read as a failure.
 */

/** The statuses eftPay's pages document (Appendix 2, as far as the pages show it). */
const DOCUMENTED = new Set([
  'TRADE_SUCCESS',
  'TRADE_PROCESSING',
  'TRADE_FAIL',
  'TRADE_CLOSED',
  'TRADE_REFUND',
  'APPLY_SUCCESS',
])

/** Whether a page documents this status (an undocumented one is logged when it arrives). */
export function isDocumentedStatus(tradeStatus: string): boolean {
  return DOCUMENTED.has(tradeStatus)
}

/**
 * A sale's status. TRADE_SUCCESS is paid (the only success of a sale). TRADE_CLOSED is "closed or
 * expired without payment": expired once the order's own active time is over, failed before that
 * (a cancel on the pay page closes the order). TRADE_FAIL failed. Anything else: pending.
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
 * A refund's status, final only on the documented final refund statuses (pages "Refund"):
 * TRADE_REFUND (partial done) and TRADE_CLOSED (full done, the order closed) succeeded, TRADE_FAIL
 * failed. TRADE_PROCESSING, APPLY_SUCCESS (taken, not done) and anything else: pending.
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
