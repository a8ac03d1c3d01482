import { z } from 'zod'
import {
  amount,
  MAX_SESSION_LIFETIME_SECONDS,
  MIN_SESSION_LIFETIME_SECONDS,
  str,
} from '../contract/limits.js'
import { currency } from '../contract/vocabulary.js'
import { ValidationError } from '../errors.js'
import { isAmount, normalizeAmount } from '../money.js'
import type { CreateSessionInput } from './types.js'

/**
 * The money core's own check of a new session, with the gateway's limits (docs/protocol.md), so a
 * session that could never be paid is refused at creation, naming the field as the API spells it.
 * The HTTP layer validates first; this is the last line, for every caller.
 */
const httpUrl = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine((v) => {
    try {
      const url = new URL(v)
      return url.protocol === 'https:' || url.protocol === 'http:'
    } catch {
      return false
    }
  }, 'must be an absolute http(s) URL')

/** The gateway's amount field holds 8 characters (docs/protocol.md); the amount is sent with two decimals. */
const GATEWAY_AMOUNT_CHARS = 8

const schema = z.object({
  // "12345678" passes the format but is sent as "12345678.00", which eftPay refuses: a session
  // that could never be paid. The check is on the amount as it will be sent.
  amount: amount.refine(
    // (A malformed amount is reported by the format check; it is not normalized here.)
    (v) => !isAmount(v) || normalizeAmount(v).length <= GATEWAY_AMOUNT_CHARS,
    'must be at most 99999.99 (eftPay takes at most 8 characters with the two decimals, like "12345.00")',
  ),
  currency,
  subject: str(256),
  body: str(128).optional(),
  reference: str(128).optional(),
  success_url: httpUrl,
  cancel_url: httpUrl,
  expires_in: z
    .number()
    .int('must be a whole number of seconds')
    .min(MIN_SESSION_LIFETIME_SECONDS, `must be at least ${MIN_SESSION_LIFETIME_SECONDS}`)
    .max(MAX_SESSION_LIFETIME_SECONDS, `must be at most ${MAX_SESSION_LIFETIME_SECONDS}`)
    .optional(),
  sku: str(64).optional(),
  quantity: z.number().int().min(1).max(10_000).optional(),
})

export function validateSessionInput(input: CreateSessionInput): void {
  const parsed = schema.safeParse({
    amount: input.amount,
    currency: input.currency,
    subject: input.subject,
    body: input.body,
    reference: input.reference,
    success_url: input.successUrl,
    cancel_url: input.cancelUrl,
    expires_in: input.expiresIn,
    sku: input.sku,
    quantity: input.quantity,
  })
  if (parsed.success) return
  const issue = parsed.error.issues[0]
  const param = issue?.path.join('.') || undefined
  throw new ValidationError({
    param,
    code:
      issue?.code === 'invalid_type' && issue.input === undefined
        ? 'missing_field'
        : 'invalid_field',
    message: `${param ?? 'session'} ${issue?.message ?? 'is invalid'}.`,
  })
}

export { MAX_SESSION_LIFETIME_SECONDS, MIN_SESSION_LIFETIME_SECONDS } from '../contract/limits.js'
