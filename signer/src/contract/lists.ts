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

/** `GET /v1/attention` with its cursor (one position per list, payments and refunds). */
export const attentionPage = attentionList
  .extend({ next_cursor: nextCursor })
  .openapi('AttentionPage')

export type SessionListJson = z.infer<typeof sessionList>
export type PaymentListJson = z.infer<typeof paymentList>
export type RefundListJson = z.infer<typeof refundList>
export type AttentionPageJson = z.infer<typeof attentionPage>
