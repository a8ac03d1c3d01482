import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/**
 * What the metrics read of one gateway exchange: the fields of the gateway client's
 * `GatewayExchange` that are counted (the client's own type fits it without the metrics importing
 * the gateway, docs/architecture.md "Layers").
 */
export interface ObservedExchange {
  servlet: string
  service?: string
  error?: { kind: string }
  ms: number
}

/**
 * Prometheus metrics, one registry per app (no module singletons, so tests and several apps in
 * one process do not collide): HTTP requests and latency by route pattern and status, gateway
 * calls by service and outcome, gateway notifications accepted and rejected, webhook deliveries
 * and the outbox backlog, reconciler runs and what they changed. instrument.ts wires
 * the service, the webhook sender and the store to them.
 */
export interface Metrics {
  registry: Registry
  httpRequests: Counter<'method' | 'route' | 'status'>
  httpDuration: Histogram<'method' | 'route' | 'status'>
  gatewayCalls: Counter<'servlet' | 'service' | 'outcome'>
  gatewayDuration: Histogram<'servlet' | 'service'>
  /** Gateway notifications (`POST /v1/gateway/notify`): `accepted` (acknowledged) or `rejected`. */
  notifications: Counter<'result'>
  /** Webhook POSTs to the merchant: `delivered` (2xx) or `failed` (other status, timeout, network). */
  webhookDeliveries: Counter<'outcome'>
  /** Outbox events by status (`pending` is the backlog), read from the store at each scrape. */
  webhookBacklog: Gauge<'status'>
  /** Age of the oldest pending outbox event (0 when none). */
  webhookOldestPending: Gauge
  /** Reconciler passes: `ok` or `error`. */
  reconcilerRuns: Counter<'outcome'>
  /** What reconciler passes did: payments/refunds queried and changed, sessions expired. */
  reconcilerItems: Counter<'kind'>
  reconcilerDuration: Histogram
  /** Records one gateway exchange (pass as the gateway client's `onExchange`). */
  observeExchange(exchange: ObservedExchange): void
  /** Reads the outbox backlog at each scrape (instrument.ts `outboxBacklog`). */
  watchWebhookBacklog(read: () => Promise<WebhookBacklog>): void
  /**
   * Pending payments and refunds flagged as needing a person (domain/attention.ts), by `object`,
   * read from the store at each scrape (instrument.ts `needsAttentionCounts`).
   */
  needsAttention: Gauge<'object'>
  watchNeedsAttention(read: () => Promise<NeedsAttentionCounts>): void
}

export interface NeedsAttentionCounts {
  payments: number
  refunds: number
}

export interface WebhookBacklog {
  /** Count of outbox events per status. */
  byStatus: Record<string, number>
  oldestPendingSeconds: number
  /** `payment.duplicate_refund_failed` events ever written: duplicates a person must refund. */
  duplicateRefundsFailed?: number
}

export interface MetricsOptions {
  /** Node process metrics (CPU, memory, event loop); off in tests. */
  defaultMetrics?: boolean
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry()
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry })
  const httpRequests = new Counter({
    name: 'signer_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  })
  const httpDuration = new Histogram({
    name: 'signer_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const gatewayCalls = new Counter({
    name: 'signer_gateway_calls_total',
    help: 'Calls to the eftPay gateway, by servlet, service and outcome (ok or the error kind)',
    labelNames: ['servlet', 'service', 'outcome'] as const,
    registers: [registry],
  })
  const gatewayDuration = new Histogram({
    name: 'signer_gateway_call_duration_seconds',
    help: 'Latency of calls to the eftPay gateway',
    labelNames: ['servlet', 'service'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  const notifications = new Counter({
    name: 'signer_gateway_notifications_total',
    help: 'Gateway notifications received, by result (accepted: acknowledged; rejected: bad signature, malformed or another merchant)',
    labelNames: ['result'] as const,
    registers: [registry],
  })
  const webhookDeliveries = new Counter({
    name: 'signer_webhook_deliveries_total',
    help: 'Webhook POSTs to the merchant, by outcome (delivered: 2xx; failed: anything else, retried with backoff)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  })
  let readBacklog: (() => Promise<WebhookBacklog>) | undefined
  // One store read per scrape, shared by the gauges below: the registry collects them all at
  // once, so each gauge awaits the same read before reporting (a gauge set by another's collect
  // would report the previous scrape's value).
  let reading: Promise<WebhookBacklog | undefined> | undefined
  const backlogNow = () => {
    reading ??= (readBacklog?.() ?? Promise.resolve(undefined))
      .catch(() => undefined)
      .finally(() => {
        reading = undefined
      })
    return reading
  }
  // A failed read keeps the last values.
  const webhookOldestPending = new Gauge({
    name: 'signer_webhook_oldest_pending_seconds',
    help: 'Age of the oldest webhook event still waiting to be delivered (0 when none)',
    registers: [registry],
    async collect() {
      const backlog = await backlogNow()
      if (backlog) webhookOldestPending.set(backlog.oldestPendingSeconds)
    },
  })
  const webhookBacklog: Gauge<'status'> = new Gauge({
    name: 'signer_webhook_backlog',
    help: 'Webhook outbox events by status (pending: waiting to be delivered; no_endpoint: kept, no MERCHANT_WEBHOOK_URL)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const backlog = await backlogNow()
      if (!backlog) return
      for (const status of ['pending', 'delivered', 'no_endpoint'])
        webhookBacklog.set({ status }, backlog.byStatus[status] ?? 0)
    },
  })
  const duplicateRefundsFailed = new Gauge({
    name: 'signer_duplicate_refunds_failed',
    help: 'Duplicate payments whose automatic refund finally failed: shoppers charged twice, for a person to refund (payment.duplicate_refund_failed events)',
    registers: [registry],
    async collect() {
      const backlog = await backlogNow()
      if (backlog) duplicateRefundsFailed.set(backlog.duplicateRefundsFailed ?? 0)
    },
  })
  let readNeedsAttention: (() => Promise<NeedsAttentionCounts>) | undefined
  const needsAttention: Gauge<'object'> = new Gauge({
    name: 'signer_needs_attention',
    help: 'Payments and refunds still pending past NEEDS_ATTENTION_AFTER_HOURS with no final answer from eftPay, by object: a person must check them (GET /v1/attention)',
    labelNames: ['object'] as const,
    registers: [registry],
    async collect() {
      // A failed read keeps the last values.
      const counts = await readNeedsAttention?.().catch(() => undefined)
      if (!counts) return
      needsAttention.set({ object: 'payment' }, counts.payments)
      needsAttention.set({ object: 'refund' }, counts.refunds)
    },
  })
  const reconcilerRuns = new Counter({
    name: 'signer_reconciler_runs_total',
    help: 'Reconciler passes, by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  })
  const reconcilerItems = new Counter({
    name: 'signer_reconciler_items_total',
    help: 'What reconciler passes did: payments_queried, payments_changed, refunds_queried, refunds_changed, sessions_expired, payments_flagged and refunds_flagged (as needing a person)',
    labelNames: ['kind'] as const,
    registers: [registry],
  })
  const reconcilerDuration = new Histogram({
    name: 'signer_reconciler_run_duration_seconds',
    help: 'Duration of reconciler passes',
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [registry],
  })
  return {
    registry,
    notifications,
    webhookDeliveries,
    webhookBacklog,
    webhookOldestPending,
    reconcilerRuns,
    reconcilerItems,
    reconcilerDuration,
    watchWebhookBacklog(read) {
      readBacklog = read
    },
    needsAttention,
    watchNeedsAttention(read) {
      readNeedsAttention = read
    },
    httpRequests,
    httpDuration,
    gatewayCalls,
    gatewayDuration,
    observeExchange(exchange) {
      const service = exchange.service ?? 'query'
      gatewayCalls.inc({
        servlet: exchange.servlet,
        service,
        outcome: exchange.error?.kind ?? 'ok',
      })
      gatewayDuration.observe({ servlet: exchange.servlet, service }, exchange.ms / 1000)
    },
  }
}
