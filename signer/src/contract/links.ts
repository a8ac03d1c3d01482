import { z } from '@hono/zod-openapi'
import { amount, MAX_QUANTITY, str } from './limits.js'
import { currency } from './vocabulary.js'

/**
 * Payment links (docs/api.md "Payment links"): what `POST /v1/links` and `POST /v1/links/{id}`
 * take, and the PaymentLink object every links endpoint answers. Amounts are decimal strings.
 */

const url = z
  .string()
  .max(1000, 'must be at most 1000 characters')
  .refine(
    (v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v),
    'must be an absolute http(s) URL',
  )

const afterPayment = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('message'), message: str(500) }),
  z.strictObject({ type: z.literal('redirect'), url }),
])

const lineItem = z.strictObject({
  sku: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1),
  adjustable_quantity: z
    .strictObject({
      minimum: z.number().int().min(1).max(MAX_QUANTITY),
      maximum: z.number().int().min(1).max(MAX_QUANTITY),
    })
    .optional()
    .describe('the shopper may change the quantity within these bounds'),
})

export const createLinkBody = z.strictObject({
  subject: str(200).optional().describe('required unless line_items name it'),
  currency: currency.default('HKD'),
  amount: amount.optional().describe('a fixed amount'),
  line_items: z.array(lineItem).min(1).max(20).optional().describe('catalog items'),
  custom_amount: z
    .strictObject({ minimum: amount, maximum: amount })
    .optional()
    .describe('the shopper chooses an amount in this range (tips, donations)'),
  expires_at: z.iso.datetime().optional(),
  max_payments: z.number().int().min(1).max(1_000_000).optional(),
  after_payment: afterPayment.optional(),
})
export type CreateLinkBody = z.infer<typeof createLinkBody>

export const updateLinkBody = z.strictObject({
  active: z.literal(false).optional().describe('false deactivates it (for good)'),
  subject: str(200).optional(),
  expires_at: z.iso.datetime().nullable().optional(),
  max_payments: z.number().int().min(1).max(1_000_000).nullable().optional(),
  after_payment: afterPayment.optional(),
})
export type UpdateLinkBody = z.infer<typeof updateLinkBody>

const money = z.string().openapi({ description: 'decimal string', example: '50.00' })

export const paymentLink = z
  .strictObject({
    id: z.string(),
    object: z.literal('payment_link'),
    active: z.boolean(),
    url: z.url().openapi({ description: 'the page to share with shoppers' }),
    subject: z.string(),
    currency,
    amount: money.nullable(),
    line_items: z
      .array(
        z.strictObject({
          sku: z.string(),
          quantity: z.number().int(),
          adjustable_quantity: z
            .strictObject({ minimum: z.number().int(), maximum: z.number().int() })
            .nullable(),
        }),
      )
      .nullable(),
    custom_amount: z.strictObject({ minimum: money, maximum: money }).nullable(),
    expires_at: z.iso.datetime().nullable(),
    max_payments: z.number().int().nullable(),
    places_taken: z.number().int().openapi({
      description: 'payments started and not yet ended, plus paid ones (docs/api.md)',
    }),
    after_payment: z.union([
      z.strictObject({ type: z.literal('message'), message: z.string() }),
      z.strictObject({ type: z.literal('redirect'), url: z.string() }),
    ]),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .openapi('PaymentLink')
export type PaymentLinkJson = z.infer<typeof paymentLink>

export const paymentLinkList = z
  .strictObject({ object: z.literal('list'), data: z.array(paymentLink), has_more: z.boolean() })
  .openapi('PaymentLinkList')
