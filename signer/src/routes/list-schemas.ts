// The z of @hono/zod-openapi, as in schemas.ts: these objects are also the OpenAPI parameters.
import { z } from '@hono/zod-openapi'
import { PAYMENT_WALLETS, paymentStatus, sessionStatus } from '../contract/responses.js'
import { DEFAULT_LIST_LIMIT, type ListQuery, MAX_LIST_LIMIT } from '../domain/listing.js'

/**
 * The query strings of the merchant lists and the console's actions (docs/api.md "Lists and
 * cursors"). Strict like every request schema: an unknown parameter is `unknown_field`.
 */

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_LIST_LIMIT)
  .default(DEFAULT_LIST_LIMIT)
  .describe(`page size, 1 to ${MAX_LIST_LIMIT} (default ${DEFAULT_LIST_LIMIT})`)

const instant = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 date-time with its zone, e.g. 2026-11-21T00:00:00+08:00')

const common = {
  limit,
  cursor: z.string().min(1).max(400).optional().describe('next_cursor of the previous page'),
  created_gte: instant.optional().describe('created at or after (ISO 8601)'),
  created_lt: instant.optional().describe('created before (ISO 8601)'),
  q: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      "exact match: a session, payment or refund id, the merchant's reference, out_trade_no, eftPay's order number (eft_trade_no), or an amount like 128.00",
    ),
}

export const sessionListQuery = z.strictObject({
  ...common,
  status: sessionStatus.optional(),
  wallet: z.enum(PAYMENT_WALLETS).optional().describe('sessions with a payment by this wallet'),
})

export const paymentListQuery = z.strictObject({
  ...common,
  status: paymentStatus.optional(),
  wallet: z.enum(PAYMENT_WALLETS).optional(),
})

export const refundListQuery = z.strictObject({
  ...common,
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
})

export const attentionQuery = z.strictObject({
  limit: limit.default(100).describe('of each, payments and refunds: 1 to 100 (default 100)'),
  cursor: common.cursor,
})

/** The parsed common parameters as the domain's `ListQuery`. */
export function listQuery(q: {
  limit: number
  cursor?: string | undefined
  created_gte?: string | undefined
  created_lt?: string | undefined
  q?: string | undefined
}): ListQuery {
  return {
    limit: q.limit,
    ...(q.cursor ? { cursor: q.cursor } : {}),
    ...(q.created_gte ? { createdGte: new Date(q.created_gte) } : {}),
    ...(q.created_lt ? { createdLt: new Date(q.created_lt) } : {}),
    ...(q.q ? { q: q.q } : {}),
  }
}

export const eventListQuery = z.strictObject({
  limit,
  cursor: common.cursor,
  session_id: z
    .string()
    .regex(/^cs_[0-9a-f]{8,64}$/, 'must be a session id like cs_...')
    .optional(),
  type: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, 'must be an event type like session.paid')
    .max(64)
    .optional(),
  delivery: z.enum(['pending', 'failing', 'delivered', 'no_endpoint']).optional(),
})

export const eventIdParam = z
  .string()
  .regex(/^ev_[0-9a-f]{8,64}$/, 'must be an event id like ev_...')

/** `POST /v1/attention/resolve`. */
export const resolveBody = z
  .strictObject({
    object: z.enum(['payment', 'refund']),
    id: z.string().regex(/^(py|re)_[0-9a-f]{8,64}$/, 'must be a payment or refund id'),
    note: z
      .string()
      .trim()
      .min(1, 'must say what was checked with eftPay')
      .max(500, 'must be at most 500 characters'),
    resolved_by: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('who checked it (default: api_key)'),
  })
  .refine((b) => b.id.startsWith(b.object === 'payment' ? 'py_' : 're_'), {
    message: 'must be an id of the object named in object (py_... or re_...)',
    path: ['id'],
  })

/** The longest report range: a year and a day (a leap year's worth of days). */
export const MAX_REPORT_DAYS = 366

/** `GET /v1/reports/*`: Hong Kong dates, both included. */
export const reportQuery = z
  .strictObject({
    from: z.iso.date().describe('first Hong Kong day, YYYY-MM-DD'),
    to: z.iso.date().describe('last Hong Kong day, YYYY-MM-DD (included)'),
  })
  .refine((q) => q.from <= q.to, { message: 'must be on or after from', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < MAX_REPORT_DAYS * 86_400_000, {
    message: `must be at most ${MAX_REPORT_DAYS} days after from`,
    path: ['to'],
  })
