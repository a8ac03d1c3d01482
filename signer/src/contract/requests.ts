// The z of @hono/zod-openapi: zod with `.openapi()`, which names schemas in the OpenAPI document.
import { z } from '@hono/zod-openapi'
import {
  amount,
  MAX_QUANTITY,
  MAX_SESSION_LIFETIME_SECONDS,
  MIN_SESSION_LIFETIME_SECONDS,
  str,
} from './limits.js'
import {
  currency,
  device,
  IN_APP_BROWSERS,
  OPERATING_SYSTEMS,
  shopperLang,
  WALLETS,
} from './vocabulary.js'

/**
 * The zod schemas of the signer's HTTP API requests (docs/api.md); the responses are in
 * responses.ts beside this file. The routes validate with these, `/openapi.json` is generated from
 * these same objects, and the widget's request types are checked against them, so none can drift
 * from what is enforced. Bodies are strict: an unknown field is refused (`unknown_field`).
 */

const id = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[0-9a-f]{8,64}$`), `must be an id like ${prefix}_...`)
export const sessionId = id('cs')
export const paymentId = id('py')
export const refundId = id('re')

/** A URL the shopper is sent to afterwards: http(s), at most 1000 characters. */
const shopperUrl = z
  .string()
  .max(1000, 'must be at most 1000 characters')
  .refine(
    (v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v),
    'must be an absolute http(s) URL',
  )

/** `POST /v1/sessions` from the merchant's backend (API key). */
export const merchantSessionBody = z.strictObject({
  amount: amount.describe('decimal string, e.g. "128.00"'),
  currency,
  subject: str(200),
  body: str(100).optional(),
  reference: str(64).optional().describe("the merchant's own order id"),
  success_url: shopperUrl,
  cancel_url: shopperUrl,
  expires_in: z
    .number()
    .int()
    .min(MIN_SESSION_LIFETIME_SECONDS)
    .max(MAX_SESSION_LIFETIME_SECONDS)
    .optional()
    .describe('lifetime in seconds'),
  hosted: z
    .boolean()
    .optional()
    .describe('true: the answer adds `url`, a checkout page hosted by the signer'),
})

/** `POST /v1/sessions` from a browser (no API key): priced from the catalog. */
export const browserSessionBody = z.strictObject({
  sku: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  quantity: z.number().int().min(1).max(MAX_QUANTITY).default(1),
  success_url: shopperUrl.optional(),
  cancel_url: shopperUrl.optional(),
})

/** `GET /v1/sessions/:id` query (browser: the client secret; merchant: none). */
export const sessionQuery = z.strictObject({ client_secret: z.string().min(1).max(200).optional() })

export const paymentBody = z.strictObject({
  client_secret: z.string().min(1, 'must not be empty').max(200),
  wallet: z.enum(WALLETS),
  device,
  lang: shopperLang.optional(),
})

export const applePayValidateBody = z.strictObject({
  client_secret: z.string().min(1, 'must not be empty').max(200),
  validation_url: z.string().min(1, 'must not be empty').max(500),
})

export const applePayPaymentBody = z.strictObject({
  client_secret: z.string().min(1, 'must not be empty').max(200),
  token: z
    .record(z.string(), z.unknown())
    .refine(
      (t) => Object.keys(t).length > 0,
      'must be the Apple Pay payment.token.paymentData object',
    )
    .describe('payment.token.paymentData'),
  device: device.optional(),
})

export const googlePayPaymentBody = z
  .strictObject({
    client_secret: z.string().min(1, 'must not be empty').max(200),
    // Google's token is a JSON string of a few kilobytes; the gateway takes up to 16 kB (gateway/messages.ts).
    token: z
      .string()
      .min(1, 'must be the Google Pay paymentMethodData.tokenizationData.token string')
      .max(16_384, 'must be at most 16384 characters')
      .describe('paymentMethodData.tokenizationData.token'),
    device: device.optional(),
  })
  .openapi('GooglePayPaymentBody')

export const refundBody = z
  .strictObject({
    payment_id: paymentId.optional(),
    session_id: sessionId.optional(),
    amount: amount.optional().describe('default: what is left of the payment'),
    reason: str(100).optional(),
  })
  .refine((b) => Boolean(b.payment_id) !== Boolean(b.session_id), {
    message: 'send exactly one of payment_id or session_id',
    path: ['payment_id'],
  })

/** `GET /v1/config?os=&mobile=&in_app=`: the device, as query strings. */
export const configQuery = z.strictObject({
  os: z.enum(OPERATING_SYSTEMS).optional(),
  mobile: z.enum(['true', 'false']).optional(),
  in_app: z.enum(IN_APP_BROWSERS).optional(),
})
