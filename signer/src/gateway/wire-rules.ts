import { GatewayError } from './gateway-error.js'
import type { GatewaySettings } from './settings.js'

/** Small wire rules of the gateway client (docs/protocol.md), kept apart so each reads alone. */

/**
 * A signed reply is only about the order we asked for when it says so. Without this check a
 * genuine signed `TRADE_SUCCESS` of another order (a replayed reply, a gateway mix-up) would be
 * applied to ours; treated as malformed, so the outcome stays unknown and is asked again.
 */
export function sameOrder<R extends Record<string, unknown>>(request: object, reply: R): R {
  const sent = request as Record<string, unknown>
  // Only the merchant's own numbers: a reply's `refund_no` may be eftPay's number (the Query and Refund pages are unclear).
  for (const field of ['out_trade_no', 'out_refund_no'] as const) {
    const asked = sent[field]
    const answered = reply[field]
    if (
      typeof asked === 'string' &&
      typeof answered === 'string' &&
      answered !== '' &&
      answered !== asked
    ) {
      throw new GatewayError({
        kind: 'malformed',
        field,
        message: `eftPay's reply is about another ${field} than the one sent`,
      })
    }
  }
  return reply
}

/**
 * A query refusal is "no such order" only with a status configured as the documented answer
 * (docs/protocol.md, "Order does not exist"); for a refund query (`refund_no` set) the configured
 * "no such refund" statuses mean it too, as the refund's own answer. Every other refusal stays
 * `rejected`: not evidence of anything.
 */
export function orderNotFound(error: unknown, settings: GatewaySettings, refund = false): never {
  const statuses = refund
    ? [...settings.orderNotFoundStatuses, ...settings.refundNotFoundStatuses]
    : settings.orderNotFoundStatuses
  if (
    error instanceof GatewayError &&
    error.kind === 'rejected' &&
    error.returnStatus !== undefined &&
    statuses.includes(error.returnStatus)
  ) {
    throw new GatewayError({
      kind: 'order-not-found',
      returnStatus: error.returnStatus,
      returnChar: error.returnChar,
      message: `eftPay has no such ${refund ? 'refund' : 'order'} (return_status ${error.returnStatus})`,
    })
  }
  throw error
}

/**
 * `active_time` in whole minutes, rounded down so the order never outlives what the caller asked,
 * and at least one minute (docs/protocol.md, "PreOrder").
 */
export function wholeMinutes(seconds: string | undefined): string | undefined {
  if (seconds === undefined || !/^\d+$/.test(seconds)) return seconds
  return String(Math.max(60, Math.floor(Number(seconds) / 60) * 60))
}
