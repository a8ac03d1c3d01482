import { claimStalePayments, claimStaleRefunds } from '../store/claims.js'
import { deferNextQuery, type StoredPayment } from '../store/payments.js'
import { deferRefundQuery, type StoredRefund } from '../store/refunds.js'
import { findOverdueOpenSessions } from '../store/sessions.js'
import { flagNeedsAttention } from './attention.js'
import type { Core, CoreLogger } from './context.js'
import { retryDuplicateRefunds } from './duplicate-refunds.js'
import { queryPayment, stillUncertain } from './query-payment.js'
import { followRefund } from './send-refund.js'
import { expireOpenSession } from './session-expiry.js'
import type { PaymentsService, ReconcileReport } from './types.js'

/**
 * One pass of the reconciler (the gateway is the truth; docs/architecture.md). Nothing is ever
 * settled without a documented final answer from eftPay (docs/api.md "State rules"):
 * 1. pending payments older than `reconcileAfterSeconds` (and not asked since) are queried, and
 *    the answer goes through the same `applyTradeStatusTo` as notifications. One that stays pending
 *    past its order's active time (eftPay answered no final status, or did not answer) is asked
 *    again later with a doubling wait up to `queryBackoffCapSeconds`; an abandoned cart ends
 *    `expired` on eftPay's own TRADE_CLOSED or "no such order";
 * 2. pending refunds are followed the same way, with the same doubling wait;
 * 3. what has stayed pending past the horizon is flagged for a person (attention.ts);
 * 4. open sessions past their lifetime with no payment that can still succeed are expired.
 * One failing item is logged and skipped; the next pass tries again.
 */
export async function reconcile(core: Core): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    paymentsQueried: 0,
    paymentsChanged: 0,
    sessionsExpired: 0,
    refundsQueried: 0,
    refundsChanged: 0,
    paymentsFlagged: 0,
    refundsFlagged: 0,
  }
  const now = core.clock()
  const before = new Date(now.getTime() - core.options.reconcileAfterSeconds * 1000)

  // Claimed, not just found: with several instances on one database each stale row is taken by one
  // (store/claims.ts). PreOrders in flight right now are left to their caller.
  for (const payment of await claimStalePayments(core.db, before, now)) {
    report.paymentsQueried += 1
    try {
      const outcome = await queryPayment(core, payment, { claimed: true })
      if (outcome.changed) report.paymentsChanged += 1
      if (!('skipped' in outcome && outcome.skipped) && stillUncertain(core, outcome.payment))
        await deferPaymentQuery(core, payment)
    } catch (error) {
      // Never failed for an unanswered query: asked again later, a little later each time.
      await deferPaymentQuery(core, payment)
      core.logger.warn(
        { payment_id: payment.id, error: message(error), failures: payment.queryFailures + 1 },
        'reconciler: payment query failed',
      )
    }
  }

  for (const refund of await claimStaleRefunds(core.db, before, now)) {
    report.refundsQueried += 1
    try {
      const after = await followRefund(core, refund)
      if (after.status !== refund.status) report.refundsChanged += 1
      if (after.status === 'pending') await deferRefund(core, refund)
    } catch (error) {
      await deferRefund(core, refund)
      core.logger.warn(
        { refund_id: refund.id, error: message(error), failures: refund.queryFailures + 1 },
        'reconciler: refund query failed',
      )
    }
  }

  // Failed automatic refunds of duplicate payments, tried again with backoff (duplicate-refunds.ts).
  await retryDuplicateRefunds(core).catch((error: unknown) => {
    core.logger.warn({ error: message(error) }, 'reconciler: duplicate refund retry failed')
  })

  const flagged = await flagNeedsAttention(core)
  report.paymentsFlagged = flagged.payments
  report.refundsFlagged = flagged.refunds

  for (const candidate of await findOverdueOpenSessions(core.db, now)) {
    // Never while a payment can still succeed: it is queried (and expired) first.
    const outcome = await core.db.transaction((tx) => expireOpenSession(core, tx, candidate.id))
    if (outcome === 'expired') report.sessionsExpired += 1
  }
  return report
}

/** First wait after a query with no final answer is `reconcileAfterSeconds`, then doubled, up to the cap. */
function nextQueryAt(core: Core, failures: number): Date {
  const baseMs = core.options.reconcileAfterSeconds * 1000
  const capMs = core.options.queryBackoffCapSeconds * 1000
  const waitMs = Math.min(capMs, baseMs * 2 ** Math.min(failures, 20))
  return new Date(core.clock().getTime() + waitMs)
}

function deferPaymentQuery(core: Core, payment: StoredPayment): Promise<void> {
  return deferNextQuery(core.db, payment.id, nextQueryAt(core, payment.queryFailures))
}

function deferRefund(core: Core, refund: StoredRefund): Promise<void> {
  return deferRefundQuery(core.db, refund.id, nextQueryAt(core, refund.queryFailures))
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

export interface ReconcilerHandle {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>
}

/** Runs `service.reconcile()` every `intervalMs`, never two passes at once. */
export function startReconciler(options: {
  service: Pick<PaymentsService, 'reconcile'>
  intervalMs: number
  logger?: CoreLogger
}): ReconcilerHandle {
  let running: Promise<unknown> | undefined
  const timer = setInterval(() => {
    if (running) return
    running = options.service
      .reconcile()
      .then((report) => {
        if (report.paymentsChanged || report.refundsChanged || report.sessionsExpired)
          options.logger?.info({ ...report }, 'reconciled')
      })
      .catch((error: unknown) =>
        options.logger?.error({ error: message(error) }, 'reconciler pass failed'),
      )
      .finally(() => {
        running = undefined
      })
  }, options.intervalMs)
  timer.unref?.()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
