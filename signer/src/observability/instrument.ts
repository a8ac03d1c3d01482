import type { Clock } from '../contract/clock.js'
import type { Db } from '../store/db.js'
import { countPaymentsNeedingAttention } from '../store/payments.js'
import { countRefundsNeedingAttention } from '../store/refunds.js'
import type { Metrics, NeedsAttentionCounts, WebhookBacklog } from './metrics.js'

/**
 * Connects the running parts to the metrics without the parts knowing about Prometheus
 * (main.ts applies these): the service for notifications and reconciler passes, the webhook
 * sender's fetch for deliveries, and the store for the outbox backlog.
 */

/**
 * The part of the payments service that is counted: what a notification was answered and what a
 * reconciler pass did. The domain's `PaymentsService` fits it; named here so observability needs
 * nothing from the domain (docs/architecture.md "Layers").
 */
export interface CountedService {
  handleNotification(payload: Record<string, unknown>): Promise<{ status: number }>
  reconcile(): Promise<
    Record<
      | 'paymentsQueried'
      | 'paymentsChanged'
      | 'refundsQueried'
      | 'refundsChanged'
      | 'sessionsExpired'
      | 'paymentsFlagged'
      | 'refundsFlagged',
      number
    >
  >
}

/** The service with notifications and reconciler passes counted; every other method unchanged. */
export function instrumentService<S extends CountedService>(service: S, metrics: Metrics): S {
  return {
    ...service,
    async handleNotification(payload) {
      const outcome = await service.handleNotification(payload)
      metrics.notifications.inc({ result: outcome.status === 200 ? 'accepted' : 'rejected' })
      return outcome
    },
    async reconcile() {
      const end = metrics.reconcilerDuration.startTimer()
      try {
        const report = await service.reconcile()
        metrics.reconcilerRuns.inc({ outcome: 'ok' })
        metrics.reconcilerItems.inc({ kind: 'payments_queried' }, report.paymentsQueried)
        metrics.reconcilerItems.inc({ kind: 'payments_changed' }, report.paymentsChanged)
        metrics.reconcilerItems.inc({ kind: 'refunds_queried' }, report.refundsQueried)
        metrics.reconcilerItems.inc({ kind: 'refunds_changed' }, report.refundsChanged)
        metrics.reconcilerItems.inc({ kind: 'sessions_expired' }, report.sessionsExpired)
        metrics.reconcilerItems.inc({ kind: 'payments_flagged' }, report.paymentsFlagged)
        metrics.reconcilerItems.inc({ kind: 'refunds_flagged' }, report.refundsFlagged)
        return report
      } catch (error) {
        metrics.reconcilerRuns.inc({ outcome: 'error' })
        throw error
      } finally {
        end()
      }
    },
  }
}

/** The webhook sender's fetch, counting each POST as delivered (2xx) or failed. */
export function instrumentWebhookFetch(fetchFn: typeof fetch, metrics: Metrics): typeof fetch {
  return async (input, init) => {
    try {
      const response = await fetchFn(input, init)
      metrics.webhookDeliveries.inc({ outcome: response.ok ? 'delivered' : 'failed' })
      return response
    } catch (error) {
      metrics.webhookDeliveries.inc({ outcome: 'failed' })
      throw error
    }
  }
}

/** Reads the outbox backlog for `Metrics.watchWebhookBacklog`. */
export function outboxBacklog(db: Db, clock: Clock): () => Promise<WebhookBacklog> {
  return async () => {
    const rows = await db.query<{ status: string; n: unknown; oldest: unknown }>(
      'SELECT status, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox GROUP BY status',
    )
    const byStatus: Record<string, number> = {}
    let oldestPendingSeconds = 0
    for (const row of rows) {
      byStatus[row.status] = Number(row.n)
      if (row.status === 'pending' && row.oldest !== null) {
        oldestPendingSeconds = Math.max(0, (clock().getTime() - Number(row.oldest)) / 1000)
      }
    }
    const [failed] = await db.query<{ n: unknown }>(
      "SELECT COUNT(*) AS n FROM outbox WHERE type = 'payment.duplicate_refund_failed'",
    )
    return { byStatus, oldestPendingSeconds, duplicateRefundsFailed: Number(failed?.n ?? 0) }
  }
}

/** Reads the flagged payments and refunds for `Metrics.watchNeedsAttention`. */
export function needsAttentionCounts(db: Db): () => Promise<NeedsAttentionCounts> {
  return async () => ({
    payments: await countPaymentsNeedingAttention(db),
    refunds: await countRefundsNeedingAttention(db),
  })
}
