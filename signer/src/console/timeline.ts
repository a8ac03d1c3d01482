import { listEvents } from '../domain/event-list.js'
import type { SessionWithChildren } from '../domain/types.js'
import { fromCents, toCents } from '../money.js'
import type { Db } from '../store/db.js'
import { listNotifications } from '../store/notifications.js'

/**
 * The payment detail's timeline: everything that happened to one session, oldest first, as a
 * person reads it. Gateway exchanges are summarised (what was asked, what eftPay said), never the
 * signed payloads: no eftPay secret, signature, API key or client secret ever reaches the page
 * (signer/test/console/payment-detail.test.ts). Webhook events show their delivery, not their body
 * (its `data.session` holds the client secret).
 */

export type TimelineKind =
  | 'session.created'
  | 'payment.started'
  | 'gateway.notification'
  | 'refund.requested'
  | 'webhook'

export interface TimelineEntry {
  at: string
  kind: TimelineKind
  /** Short facts: ids, statuses, amounts, codes. Strings only, never a secret. */
  facts: Record<string, string>
}

/** The most webhook events of one session the timeline lists. */
const EVENTS_SHOWN = 100

export async function sessionTimeline(db: Db, s: SessionWithChildren): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [
    {
      at: s.session.createdAt.toISOString(),
      kind: 'session.created',
      facts: { amount: s.session.amount, currency: s.session.currency },
    },
  ]
  for (const p of s.payments) {
    entries.push({
      at: p.createdAt.toISOString(),
      kind: 'payment.started',
      facts: {
        payment_id: p.id,
        wallet: p.wallet,
        service: p.service,
        out_trade_no: p.outTradeNo,
        ...(p.eftTradeNo ? { eft_trade_no: p.eftTradeNo } : {}),
        amount: p.amount,
        status: p.status,
      },
    })
    for (const n of await listNotifications(db, p.outTradeNo))
      entries.push({
        at: n.receivedAt.toISOString(),
        kind: 'gateway.notification',
        facts: { payment_id: p.id, trade_status: n.tradeStatus, result: n.result },
      })
  }
  for (const r of s.refunds)
    entries.push({
      at: r.createdAt.toISOString(),
      kind: 'refund.requested',
      facts: {
        refund_id: r.id,
        payment_id: r.paymentId,
        amount: r.amount,
        status: r.status,
        automatic: String(r.automatic),
        ...(r.reason ? { reason: r.reason } : {}),
      },
    })
  const events = await listEvents(db, { limit: EVENTS_SHOWN, sessionId: s.session.id })
  for (const e of events.data)
    entries.push({
      at: e.createdAt.toISOString(),
      kind: 'webhook',
      facts: {
        event_id: e.id,
        type: e.type,
        delivery: e.delivery,
        attempts: String(e.attempts),
        ...(e.lastResponseCode ? { response_code: String(e.lastResponseCode) } : {}),
        ...(e.nextAttemptAt ? { next_attempt_at: e.nextAttemptAt.toISOString() } : {}),
      },
    })
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/**
 * What can still be refunded of each succeeded payment: its amount less every refund of it not
 * failed (pending ones hold their amount, as domain/refunds.ts reserves it).
 */
export function refundableOf(s: SessionWithChildren): Record<string, string> {
  const left: Record<string, string> = {}
  for (const p of s.payments) {
    if (p.status !== 'succeeded') continue
    const held = s.refunds
      .filter((r) => r.paymentId === p.id && r.status !== 'failed')
      .reduce((sum, r) => sum + toCents(r.amount), 0n)
    const cents = toCents(p.amount) - held
    left[p.id] = fromCents(cents > 0n ? cents : 0n)
  }
  return left
}
