import type { Clock } from '../contract/clock.js'
import type { GatewayClient } from '../gateway/client.js'
import type { Db } from '../store/db.js'
import type { IdFactory } from './ids.js'

/** The logger methods the money core uses (pino's `(obj, msg)` signature). Never given secrets. */
export interface CoreLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

export const silentLogger: CoreLogger = { info() {}, warn() {}, error() {} }

export interface PaymentsOptions {
  /** Session lifetime when the merchant gives none (seconds, default 1800). */
  defaultSessionTtlSeconds: number
  /** The gateway order's `active_time` (seconds); capped by the session's remaining life. */
  paymentActiveTimeSeconds: number
  /** Pending payments and refunds older than this are queried by the reconciler (seconds). */
  reconcileAfterSeconds: number
  /** Longest wait between two queries of a payment the gateway keeps not answering (seconds). */
  queryBackoffCapSeconds: number
  /** BOCPay `app_link` for pay_scene APP (routing-table.ts). */
  bocpayAppLink?: string
  /** How long a PreOrder in flight holds its payment before others may recover it (ms, default 60 s). */
  dispatchLeaseMs?: number
  /** The least time between two gateway queries of one payment (ms, default 2 s; query-pacer.ts). */
  paymentQueryIntervalMs?: number
  /** Attempts at refunding a duplicate payment before a person is asked to (duplicate-refunds.ts). */
  duplicateRefundAttempts?: number
  /** Wait before the first retry of a failed duplicate refund, doubling after each (seconds). */
  duplicateRefundBackoffSeconds?: number
  /**
   * Hours a payment or refund may stay without a final answer before it is flagged as needing a
   * person (attention.ts; default 72, NEEDS_ATTENTION_AFTER_HOURS).
   */
  needsAttentionAfterHours?: number
}

/** What every part of the money core is given. */
export interface Core {
  db: Db
  gateway: GatewayClient
  clock: Clock
  ids: IdFactory
  logger: CoreLogger
  /** Secrets that verify gateway payloads (current first: it signs our acks). */
  secrets: readonly string[]
  userKey: string
  /** The signer's public base URL, without a trailing slash. */
  publicUrl: string
  options: PaymentsOptions
}
