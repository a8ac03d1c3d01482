import { claimStalePayments, claimStaleRefunds } from '../store/claims.js'
import { countPendingForSession, deferNextQuery, type StoredPayment } from '../store/payments.js'
import { findOverdueOpenSessions, findSession, updateSessionStatus } from '../store/sessions.js'
import type { Core, CoreLogger } from './context.js'
import { retryDuplicateRefunds } from './duplicate-refunds.js'
import { emit } from './events.js'
import { queryPayment } from './query-payment.js'
import { followRefund } from './send-refund.js'
import type { PaymentsService, ReconcileReport } from './types.js'

/**
 * One pass of the reconciler (the gateway is the truth; docs/architecture.md):
 * 1. pending payments older than `reconcileAfterSeconds` (and not asked since) are queried, and
 *    the answer goes through the same `applyTradeStatus` as notifications; one still pending after
 *    its active time is expired (a later TRADE_SUCCESS would still win); one the gateway does not
 *    answer stays pending and is asked again later, with a doubling wait (`queryBackoffCapSeconds`);
 * 2. pending refunds are queried the same way;
 * 3. open sessions past their lifetime with no payment that can still succeed are expired.
 * One failing item is logged and skipped; the next pass tries again.
 */
export async function reconcile(core: Core): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    paymentsQueried: 0,
    paymentsChanged: 0,
    sessionsExpired: 0,
    refundsQueried: 0,
    refundsChanged: 0,
  }
  const now = core.clock()
  const before = new Date(now.getTime() - core.options.reconcileAfterSeconds * 1000)

  // Claimed, not just found: with several instances on one database each stale row is taken by one
  // (store/claims.ts). PreOrders in flight right now are left to their caller.
  for (const payment of await claimStalePayments(core.db, before, now)) {
    report.paymentsQueried += 1
    try {
      const outcome = await queryPayment(core, payment, { expireIfOverdue: true, claimed: true })
      if (outcome.changed) report.paymentsChanged += 1
    } catch (error) {
      // Never failed for an unanswered query: asked again later, a little later each time.
      await deferQuery(core, payment)
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
    } catch (error) {
      core.logger.warn(
        { refund_id: refund.id, error: message(error) },
        'reconciler: refund query failed',
      )
    }
  }

  // Failed automatic refunds of duplicate payments, tried again with backoff (duplicate-refunds.ts).
  await retryDuplicateRefunds(core).catch((error: unknown) => {
    core.logger.warn({ error: message(error) }, 'reconciler: duplicate refund retry failed')
  })

  for (const candidate of await findOverdueOpenSessions(core.db, now)) {
    const expired = await core.db.transaction(async (tx) => {
      const session = await findSession(tx, candidate.id)
      if (session?.status !== 'open') return false
      // Never while a payment can still succeed: it is queried (and expired) first.
      if ((await countPendingForSession(tx, session.id)) > 0) return false
      if (!(await updateSessionStatus(tx, session.id, 'open', 'expired', {}, core.clock())))
        return false
      await emit(core, tx, 'session.expired', { sessionId: session.id })
      return true
    })
    if (expired) report.sessionsExpired += 1
  }
  return report
}

/** First wait after an unanswered query is `reconcileAfterSeconds`, then doubled, up to the cap. */
async function deferQuery(core: Core, payment: StoredPayment): Promise<void> {
  const baseMs = core.options.reconcileAfterSeconds * 1000
  const capMs = core.options.queryBackoffCapSeconds * 1000
  const waitMs = Math.min(capMs, baseMs * 2 ** Math.min(payment.queryFailures, 20))
  await deferNextQuery(core.db, payment.id, new Date(core.clock().getTime() + waitMs))
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
