import { z } from '@hono/zod-openapi'
import { attentionList, payment, refund, session } from './responses.js'

/**
 * The list answers of the merchant API (docs/api.md "Lists and cursors"): every list is
 * `{object: "list", data, has_more, next_cursor}`, newest first, holding the objects of
 * responses.ts. Only zod here, like responses.ts.
 */

const nextCursor = z.string().nullable().openapi({
  description: 'send as `cursor` for the next page; null on the last page',
})

const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .strictObject({
      object: z.literal('list'),
      data: z.array(item),
      has_more: z.boolean(),
      next_cursor: nextCursor,
    })
    .openapi(name)

export const sessionList = listOf(session, 'SessionList')
export const paymentList = listOf(payment, 'PaymentList')
export const refundList = listOf(refund, 'RefundList')

const time = z.iso.datetime().openapi({ description: 'ISO 8601 UTC' })

/** A webhook event and where its delivery stands (`GET /v1/events`, `POST /v1/events/{id}/resend`). */
export const eventDelivery = z
  .strictObject({
    id: z.string(),
    object: z.literal('event'),
    type: z.string().openapi({ description: 'docs/api.md "Merchant webhooks"' }),
    created_at: time,
    session_id: z.string().nullable(),
    delivery: z.enum(['pending', 'failing', 'delivered', 'no_endpoint']).openapi({
      description:
        'pending: not tried yet (or sent again on request); failing: tried, no 2xx yet, retried with backoff; delivered: answered 2xx; no_endpoint: kept while MERCHANT_WEBHOOK_URL was unset',
    }),
    attempts: z.number().int().nonnegative(),
    last_response_code: z.number().int().nullable().openapi({
      description: 'HTTP status of the last failed attempt (null: none, or no answer)',
    }),
    next_attempt_at: time.nullable().openapi({ description: 'pending and failing only' }),
    delivered_at: time.nullable(),
  })
  .openapi('EventDelivery')

export const eventList = listOf(eventDelivery, 'EventList')

/** `POST /v1/attention/resolve`: who resolved which flag, why and when. */
export const attentionResolution = z
  .strictObject({
    id: z.string(),
    object: z.literal('attention_resolution'),
    about: z.enum(['payment', 'refund']),
    payment: payment.nullable(),
    refund: refund.nullable(),
    note: z.string(),
    resolved_by: z.string(),
    flagged_at: time,
    resolved_at: time,
  })
  .openapi('AttentionResolution')

const money = z
  .string()
  .regex(/^-?(0|[1-9]\d*)\.\d{2}$/)
  .openapi({ example: '128.00' })
const sums = { gross: money, refunds: money, net: money }

/** `GET /v1/reports/summary`: succeeded money by Hong Kong day, currency and wallet. */
export const reportSummary = z
  .strictObject({
    object: z.literal('report_summary'),
    from: z.iso.date(),
    to: z.iso.date(),
    timezone: z.literal('Asia/Hong_Kong'),
    days: z.array(
      z.strictObject({ date: z.iso.date(), currency: z.string(), wallet: z.string(), ...sums }),
    ),
    totals: z.array(z.strictObject({ currency: z.string(), ...sums })),
  })
  .openapi('ReportSummary')

/** `GET /v1/attention` with its cursor (one position per list, payments and refunds). */
export const attentionPage = attentionList
  .extend({ next_cursor: nextCursor })
  .openapi('AttentionPage')

export type SessionListJson = z.infer<typeof sessionList>
export type PaymentListJson = z.infer<typeof paymentList>
export type RefundListJson = z.infer<typeof refundList>
export type EventDeliveryJson = z.infer<typeof eventDelivery>
export type EventListJson = z.infer<typeof eventList>
export type AttentionResolutionJson = z.infer<typeof attentionResolution>
export type ReportSummaryJson = z.infer<typeof reportSummary>
export type AttentionPageJson = z.infer<typeof attentionPage>
