import { Hono } from 'hono'
import type { GatewayExchange } from './transport.js'

/**
 * The last gateway exchanges, kept in memory for the demo's "signed requests" panel in sandbox
 * mode (docs/development.md, the demo). The signed request is shown as sent, `sign` included; the secret is
 * never part of a request. Apple Pay tokens are redacted: they are card data.
 */
export interface LoggedExchange extends Omit<GatewayExchange, 'request' | 'reply'> {
  at: string
  request: Record<string, string>
  reply?: Record<string, unknown>
}

const REDACTED_FIELDS = new Set(['token_id'])

function redact<T extends Record<string, unknown>>(fields: T): T {
  const copy: Record<string, unknown> = { ...fields }
  for (const key of Object.keys(copy)) {
    if (REDACTED_FIELDS.has(key) && copy[key]) copy[key] = '[redacted]'
  }
  return copy as T
}

export interface ExchangeLog {
  record(exchange: GatewayExchange): void
  recent(limit?: number): LoggedExchange[]
}

export function createExchangeLog(capacity = 50, now: () => Date = () => new Date()): ExchangeLog {
  const entries: LoggedExchange[] = []
  return {
    record(exchange) {
      entries.push({
        ...exchange,
        at: now().toISOString(),
        request: redact(exchange.request),
        ...(exchange.reply ? { reply: redact(exchange.reply) } : {}),
        ms: Math.round(exchange.ms * 10) / 10,
      })
      if (entries.length > capacity) entries.splice(0, entries.length - capacity)
    },
    recent(limit = 20) {
      return entries.slice(-limit).reverse()
    },
  }
}

/** `GET /exchanges?limit=N` (mounted under `/sandbox`): newest first. */
export function exchangeLogRoutes(log: ExchangeLog): Hono {
  return new Hono().get('/exchanges', (c) => {
    const limit = Math.min(Math.max(Number.parseInt(c.req.query('limit') ?? '20', 10) || 20, 1), 50)
    return c.json({ exchanges: log.recent(limit) })
  })
}
