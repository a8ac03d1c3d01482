import type {
  AttentionJson,
  PaymentJson,
  PublicSessionJson,
  RefundJson,
  SessionJson,
} from '../contract/responses.js'
import type { NeedsAttention, PaymentRecord, RefundRecord, SessionWithChildren } from './types.js'

/**
 * Records → the response objects of contract/responses.ts (docs/api.md "Objects"), whose types
 * these are. The HTTP routes and the webhook events use these same functions, so an event's
 * `data.session` is what `GET /v1/sessions/:id` answers. Unset optional fields are `null` (keys are
 * always present).
 */

export type { AttentionJson, PaymentJson, PublicSessionJson, RefundJson, SessionJson }

/** A payment. `next_action` is only given while the payment is pending (where to send the shopper). */
export function paymentJson(p: PaymentRecord): PaymentJson {
  return {
    id: p.id,
    object: 'payment',
    session_id: p.sessionId,
    wallet: p.wallet,
    service: p.service,
    out_trade_no: p.outTradeNo,
    eft_trade_no: p.eftTradeNo ?? null,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    next_action:
      p.status === 'pending' && p.nextAction
        ? { type: p.nextAction.type, url: p.nextAction.url }
        : null,
    expires_at: p.expiresAt.toISOString(),
    created_at: p.createdAt.toISOString(),
    needs_attention: needsAttention(p),
  }
}

/**
 * Flagged for a person and still pending (domain/attention.ts), or a success flagged for exceeding
 * a payment link's limit (domain/links-limit.ts; a status change clears any other flag).
 */
const needsAttention = (r: { status: string; needsAttentionAt?: Date }) =>
  (r.status === 'pending' || r.status === 'succeeded') && r.needsAttentionAt !== undefined

export function refundJson(r: RefundRecord): RefundJson {
  return {
    id: r.id,
    object: 'refund',
    payment_id: r.paymentId,
    session_id: r.sessionId,
    amount: r.amount,
    currency: r.currency,
    reason: r.reason ?? null,
    status: r.status,
    created_at: r.createdAt.toISOString(),
    needs_attention: needsAttention(r),
  }
}

/** `GET /v1/attention` (docs/api.md). */
export function attentionJson(list: NeedsAttention): AttentionJson {
  return {
    object: 'attention',
    payments: list.payments.map(paymentJson),
    refunds: list.refunds.map(refundJson),
    has_more: list.hasMore,
  }
}

/** The merchant view of a session with its payments and refunds (API key holders and webhooks). */
export function sessionJson(s: SessionWithChildren): SessionJson {
  const { session } = s
  return {
    id: session.id,
    object: 'session',
    status: session.status,
    amount: session.amount,
    currency: session.currency,
    subject: session.subject,
    body: session.body ?? null,
    reference: session.reference ?? null,
    link_id: session.linkId ?? null,
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
    client_secret: session.clientSecret,
    amount_paid: session.amountPaid,
    amount_refunded: session.amountRefunded,
    expires_at: session.expiresAt.toISOString(),
    created_at: session.createdAt.toISOString(),
    payments: s.payments.map(paymentJson),
    refunds: s.refunds.map(refundJson),
  }
}

/**
 * The browser's view (`GET /v1/sessions/:id?client_secret=…`): no reference, no amounts paid, no
 * gateway numbers. `includeClientSecret` only for the 201 answer of a browser-created (sku) session.
 */
export function publicSessionJson(
  s: SessionWithChildren,
  options: { includeClientSecret?: boolean } = {},
): PublicSessionJson {
  const { session } = s
  return {
    id: session.id,
    object: 'session',
    status: session.status,
    amount: session.amount,
    currency: session.currency,
    subject: session.subject,
    expires_at: session.expiresAt.toISOString(),
    cancel_url: session.cancelUrl,
    success_url: session.successUrl,
    payments: s.payments.map((p) => ({ id: p.id, wallet: p.wallet, status: p.status })),
    ...(options.includeClientSecret ? { client_secret: session.clientSecret } : {}),
  }
}
