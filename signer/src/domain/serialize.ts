import type { PaymentRecord, RefundRecord, SessionRecord, SessionWithChildren } from './types.js'

/**
 * Records → the JSON of docs/api.md "Objects", exactly. The HTTP routes and the webhook events use
 * these same functions, so an event's `data.session` is what `GET /v1/sessions/:id` answers.
 * Optional fields that are unset are `null` (keys are always present).
 */

export interface PaymentJson {
  id: string
  object: 'payment'
  session_id: string
  wallet: string
  service: string
  out_trade_no: string
  eft_trade_no: string | null
  status: string
  amount: string
  currency: string
  next_action: { type: string; url: string } | null
  expires_at: string
  created_at: string
}

export interface RefundJson {
  id: string
  object: 'refund'
  payment_id: string
  session_id: string
  amount: string
  currency: string
  reason: string | null
  status: string
  created_at: string
}

export interface SessionJson {
  id: string
  object: 'session'
  status: string
  amount: string
  currency: string
  subject: string
  body: string | null
  reference: string | null
  success_url: string
  cancel_url: string
  client_secret: string
  amount_paid: string
  amount_refunded: string
  expires_at: string
  created_at: string
  payments?: PaymentJson[]
  refunds?: RefundJson[]
}

export interface PublicSessionJson {
  id: string
  object: 'session'
  status: string
  amount: string
  currency: string
  subject: string
  expires_at: string
  cancel_url: string
  success_url: string
  payments: { id: string; wallet: string; status: string }[]
  client_secret?: string
}

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
  }
}

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
  }
}

/**
 * The merchant view of a session (API key holders and webhooks). With children, `payments` and
 * `refunds` are included, as `GET /v1/sessions/:id` and the events carry them.
 */
export function sessionJson(s: SessionRecord | SessionWithChildren): SessionJson {
  const session = 'session' in s ? s.session : s
  const json: SessionJson = {
    id: session.id,
    object: 'session',
    status: session.status,
    amount: session.amount,
    currency: session.currency,
    subject: session.subject,
    body: session.body ?? null,
    reference: session.reference ?? null,
    success_url: session.successUrl,
    cancel_url: session.cancelUrl,
    client_secret: session.clientSecret,
    amount_paid: session.amountPaid,
    amount_refunded: session.amountRefunded,
    expires_at: session.expiresAt.toISOString(),
    created_at: session.createdAt.toISOString(),
  }
  if ('session' in s) {
    json.payments = s.payments.map(paymentJson)
    json.refunds = s.refunds.map(refundJson)
  }
  return json
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
