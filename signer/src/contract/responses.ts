import { z } from '@hono/zod-openapi'
import {
  currency,
  nextActionType,
  PAYMENT_WALLETS,
  paymentStatus,
  refundStatus,
  sessionStatus,
  WALLETS,
} from './vocabulary.js'

/**
 * The one definition of every object the signer's HTTP API answers with (docs/api.md "Objects").
 * The domain's serializers are typed from these (`z.infer`), a test parses every object the domain
 * produces with them, and `/openapi.json` names them as reusable components. Only zod here: the
 * widget (or any client) can import this module without pulling in the server. The words (wallets,
 * currencies, statuses) are vocabulary.ts's; the requests are requests.ts's.
 */

const money = z
  .string()
  .regex(/^(0|[1-9]\d*)\.\d{2}$/)
  .openapi({ description: 'decimal string with two decimals, e.g. "128.00"', example: '128.00' })
const time = z.iso.datetime().openapi({ description: 'ISO 8601 UTC' })

export const nextAction = z
  .strictObject({ type: nextActionType, url: z.url() })
  .openapi('NextAction', { description: 'where to send the shopper while the payment is pending' })

const needsAttention = z.boolean().openapi({
  description:
    'true while it is pending past NEEDS_ATTENTION_AFTER_HOURS with no final answer from eftPay: a person must check it (docs/api.md "GET /v1/attention")',
})

export const payment = z
  .strictObject({
    id: z.string(),
    object: z.literal('payment'),
    session_id: z.string(),
    wallet: z.enum(PAYMENT_WALLETS),
    service: z.string(),
    out_trade_no: z.string(),
    eft_trade_no: z.string().nullable(),
    status: paymentStatus,
    amount: money,
    currency,
    next_action: nextAction.nullable(),
    expires_at: time,
    created_at: time,
    needs_attention: needsAttention,
  })
  .openapi('Payment')

export const refund = z
  .strictObject({
    id: z.string(),
    object: z.literal('refund'),
    payment_id: z.string(),
    session_id: z.string(),
    amount: money,
    currency,
    reason: z.string().nullable(),
    status: refundStatus,
    created_at: time,
    needs_attention: needsAttention,
  })
  .openapi('Refund')

/** `GET /v1/attention`: what has stayed without a final answer from eftPay past the horizon. */
export const attentionList = z
  .strictObject({
    object: z.literal('attention'),
    payments: z.array(payment),
    refunds: z.array(refund),
    has_more: z.boolean().openapi({ description: 'more are flagged than listed (100 of each)' }),
  })
  .openapi('Attention')

/** The merchant's view of a session (API key holders and webhook events), with its children. */
export const session = z
  .strictObject({
    id: z.string(),
    object: z.literal('session'),
    status: sessionStatus,
    amount: money,
    currency,
    subject: z.string(),
    body: z.string().nullable(),
    reference: z.string().nullable(),
    link_id: z.string().nullable().openapi({ description: 'the payment link it was started from' }),
    success_url: z.url(),
    cancel_url: z.url(),
    client_secret: z.string(),
    amount_paid: money,
    amount_refunded: money,
    expires_at: time,
    created_at: time,
    payments: z.array(payment),
    refunds: z.array(refund),
    url: z
      .url()
      .optional()
      .openapi({ description: 'the hosted checkout page (only in the answer to `hosted: true`)' }),
  })
  .openapi('Session')

/** The browser's view of a session (`client_secret` only in the 201 answer to a sku create). */
export const publicSession = z
  .strictObject({
    id: z.string(),
    object: z.literal('session'),
    status: sessionStatus,
    amount: money,
    currency,
    subject: z.string(),
    expires_at: time,
    success_url: z.url(),
    cancel_url: z.url(),
    payments: z.array(
      z.strictObject({ id: z.string(), wallet: z.enum(PAYMENT_WALLETS), status: paymentStatus }),
    ),
    client_secret: z.string().optional(),
  })
  .openapi('PublicSession')

/** `GET /v1/config`: what the widget needs. */
export const widgetConfig = z
  .strictObject({
    mode: z.enum(['sandbox', 'live']),
    merchant_name: z.string(),
    wallets: z.array(z.enum(WALLETS)),
    apple_pay: z.strictObject({
      enabled: z.boolean(),
      merchant_identifier: z.string().optional(),
      country_code: z.string().optional(),
      supported_networks: z.array(z.string()).optional(),
      merchant_capabilities: z.array(z.string()).optional(),
    }),
    google_pay: z
      .strictObject({
        enabled: z.boolean(),
        environment: z.enum(['TEST', 'PRODUCTION']).optional(),
        merchant_id: z.string().optional(),
        merchant_name: z.string().optional(),
        gateway: z.literal('mpgs'),
        gateway_merchant_id: z.string().optional(),
        allowed_card_networks: z.array(z.string()).optional(),
        allowed_auth_methods: z.array(z.string()).optional(),
      })
      // Always sent by this signer; optional in the type so a widget (or its test fake) written
      // before Google Pay still reads a config without it as "Google Pay off".
      .optional()
      .openapi('GooglePayConfig'),
    languages: z.array(z.string()),
    /**
     * The currencies each offered wallet takes (docs/protocol.md "Currencies per wallet"), keyed
     * by wallet code with `APPLEPAY` and `GOOGLEPAY` when enabled: the widget offers a session only
     * the wallets that take its currency. Always sent by this signer; optional in the type so a
     * config from a signer before it reads as "every wallet takes every currency".
     */
    wallet_currencies: z
      .partialRecord(z.enum(PAYMENT_WALLETS), z.array(currency))
      .optional()
      .openapi({
        description: 'currencies each offered wallet takes, by wallet code',
        example: { ALIPAYHK: ['HKD', 'CNY'], OCT: ['HKD'], APPLEPAY: ['HKD'] },
      }),
  })
  .openapi('Config')

/** Every error answer: `{"error": {type, code, message, param?, retryable}}`. */
export const apiError = z
  .strictObject({
    error: z.strictObject({
      type: z.string(),
      code: z.string(),
      message: z.string(),
      param: z.string().optional(),
      retryable: z.boolean(),
    }),
  })
  .openapi('Error')

export type NextActionJson = z.infer<typeof nextAction>
export type PaymentJson = z.infer<typeof payment>
export type RefundJson = z.infer<typeof refund>
export type AttentionJson = z.infer<typeof attentionList>
export type SessionJson = z.infer<typeof session>
export type PublicSessionJson = z.infer<typeof publicSession>
export type ConfigJson = z.infer<typeof widgetConfig>
export type ApiErrorJson = z.infer<typeof apiError>
