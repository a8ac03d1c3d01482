import { SIGNATURE_HEADER, signWebhook } from '@eftpay/webhooks'
import type { Clock } from '../contract/clock.js'
import type { Db } from '../store/db.js'
import { backoffDelayMs } from './backoff.js'
import {
  claimNextEvent,
  markDelivered,
  markNoEndpoint,
  type OutboxEvent,
  outboxFromRow,
  requeueNoEndpoint,
  scheduleRetry,
} from './outbox.js'

/** The few logger methods the dispatcher uses (pino's signature). */
export interface WebhookLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
}

export interface WebhookDispatcherOptions {
  db: Db
  /**
   * MERCHANT_WEBHOOK_URL. Without one, due events are marked `no_endpoint`; with one, those are sent
   * too (the first pass puts them back in line).
   */
  url?: string
  /** MERCHANT_WEBHOOK_SECRET; several while rotating (each adds a `v1`). */
  secret: string | readonly string[]
  clock: Clock
  fetch?: typeof fetch
  logger?: WebhookLogger
  /** How often to look for due events. */
  intervalMs: number
  /** Cap of the exponential backoff between attempts of one event. */
  maxBackoffMs: number
  /** First retry's ceiling (default 1000 ms). */
  baseBackoffMs?: number
  /** How long a claim holds an event (default 30 s); the POST times out before it runs out. */
  leaseMs?: number
  /** Per-POST timeout (default 10 s). */
  timeoutMs?: number
  /** Events per pass (default 20). */
  batchSize?: number
  random?: () => number
}

export interface WebhookDispatcher {
  /** Stops the timer and waits for a pass in progress. */
  stop(): Promise<void>
  /** Runs one pass now (after any pass in progress) and resolves with how many were delivered. */
  flush(): Promise<number>
}

/**
 * Sends the outbox to the merchant: claims due events with a lease (`locked_until`) so that two
 * signer instances never send the same event at once, POSTs the stored JSON signed, marks it
 * delivered on a 2xx and otherwise schedules the next attempt with exponential backoff and full
 * jitter. All state is in the database, so it resumes after a restart; an event whose sender
 * crashed mid-POST is retried when its lease runs out (at-least-once: merchants dedupe on `id`).
 */
export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { db, clock } = options
  const doFetch = options.fetch ?? fetch
  const leaseMs = options.leaseMs ?? 30_000
  const timeoutMs = Math.min(options.timeoutMs ?? 10_000, leaseMs)
  const batchSize = options.batchSize ?? 20
  const baseBackoffMs = options.baseBackoffMs ?? 1_000
  let running: Promise<number> | undefined
  let stopped = false
  let requeued = false

  async function deliver(event: OutboxEvent, url: string): Promise<boolean> {
    const timestamp = Math.floor(clock().getTime() / 1000)
    let error: string
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(event.payload, options.secret, timestamp),
          'user-agent': 'eftpay-signer-webhooks',
        },
        body: event.payload,
        signal: AbortSignal.timeout(timeoutMs),
      })
      await response.body?.cancel().catch(() => undefined)
      if (response.ok) {
        await markDelivered(db, event.id, clock())
        options.logger?.info({ event_id: event.id, type: event.type }, 'webhook delivered')
        return true
      }
      error = `HTTP ${response.status}`
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : 'request failed'
    }
    const attempts = event.attempts + 1
    const delay = backoffDelayMs(attempts, baseBackoffMs, options.maxBackoffMs, options.random)
    await scheduleRetry(db, event.id, attempts, new Date(clock().getTime() + delay), error)
    options.logger?.warn(
      { event_id: event.id, type: event.type, attempts, retry_in_ms: delay, error },
      'webhook delivery failed',
    )
    return false
  }

  async function pass(): Promise<number> {
    const now = clock().getTime()
    if (!options.url) {
      const marked = await markNoEndpoint(db, new Date(now))
      if (marked > 0) {
        options.logger?.info(
          { events: marked },
          'no MERCHANT_WEBHOOK_URL: events kept in the outbox unsent',
        )
      }
      return 0
    }
    if (!requeued) {
      const waiting = await requeueNoEndpoint(db, new Date(now))
      requeued = true
      if (waiting > 0) {
        options.logger?.info(
          { events: waiting },
          'events written while MERCHANT_WEBHOOK_URL was unset: sending them now',
        )
      }
    }
    // Claim one due event at a time (store/claims.ts: a lease, FOR UPDATE SKIP LOCKED on Postgres),
    // so several instances share the backlog and none sends an event another one holds.
    const tried: string[] = []
    let delivered = 0
    while (!stopped && tried.length < batchSize) {
      const row = await claimNextEvent(db, clock().getTime(), leaseMs, tried)
      if (!row) break
      const event = outboxFromRow(row)
      tried.push(event.id)
      if (await deliver(event, options.url)) delivered += 1
    }
    return delivered
  }

  function runOnce(): Promise<number> {
    // No overlapping passes: a flush during a pass waits for it, then runs its own.
    const previous = running ?? Promise.resolve(0)
    const next = previous
      .catch(() => 0)
      .then(() => pass())
      .finally(() => {
        if (running === next) running = undefined
      })
    running = next
    return next
  }

  const timer = setInterval(() => {
    if (running) return
    runOnce().catch((error: unknown) => {
      options.logger?.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'webhook pass failed',
      )
    })
  }, options.intervalMs)
  timer.unref?.()

  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      await running?.catch(() => undefined)
    },
    flush() {
      return runOnce()
    },
  }
}
