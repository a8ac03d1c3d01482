/** The event types the signer sends (docs/api.md "Merchant webhooks"). */
export type WebhookEventType =
  | 'session.paid'
  | 'session.expired'
  | 'session.refunded'
  | 'session.partially_refunded'
  | 'payment.succeeded'
  | 'payment.failed'
  | 'payment.expired'
  | 'payment.duplicate_refunded'
  | 'payment.duplicate_refund_failed'
  | 'payment.needs_attention'
  | 'payment.attention_resolved'
  | 'refund.succeeded'
  | 'refund.failed'
  | 'refund.needs_attention'
  | 'refund.attention_resolved'

/**
 * The body of a webhook (docs/api.md "Merchant webhooks"). `id` is the same on every retry of one
 * event: deliveries are at-least-once, so deduplicate on it. The objects in `data` are the
 * signer's merchant views, the same as `GET /v1/sessions/{id}`, `/v1/payments/{id}` and
 * `/v1/refunds/{id}` answer.
 */
export interface WebhookEvent {
  id: string
  /** One of `WebhookEventType`; a newer signer may add types, so ignore the ones you do not know. */
  type: WebhookEventType | (string & {})
  /** ISO 8601, when the change happened. */
  created_at: string
  data: {
    session?: Record<string, unknown>
    payment?: Record<string, unknown>
    refund?: Record<string, unknown>
  }
}
