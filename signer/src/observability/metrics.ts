import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { GatewayExchange } from '../gateway/client.js'

/**
 * Prometheus metrics, one registry per app (no module singletons, so tests and several apps in
 * one process do not collide). Issue 7 adds more; these are the ones the HTTP layer owns.
 */
export interface Metrics {
  registry: Registry
  httpRequests: Counter<'method' | 'route' | 'status'>
  httpDuration: Histogram<'method' | 'route' | 'status'>
  gatewayCalls: Counter<'servlet' | 'service' | 'outcome'>
  gatewayDuration: Histogram<'servlet' | 'service'>
  /** Records one gateway exchange (pass as the gateway client's `onExchange`). */
  observeExchange(exchange: GatewayExchange): void
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
  return {
    registry,
    httpRequests,
    httpDuration,
    gatewayCalls,
    gatewayDuration,
    observeExchange(exchange) {
      const service = exchange.service ?? 'query'
      gatewayCalls.inc({ servlet: exchange.servlet, service, outcome: exchange.error?.kind ?? 'ok' })
      gatewayDuration.observe({ servlet: exchange.servlet, service }, exchange.ms / 1000)
    },
  }
}
