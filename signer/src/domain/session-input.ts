import { z } from 'zod'
import { ValidationError } from '../errors.js'
import { amount, currency, str } from '../gateway/fields.js'
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

const schema = z.object({
  amount,
  currency,
  subject: str(256),
  body: str(128).optional(),
  reference: str(128).optional(),
  success_url: httpUrl,
  cancel_url: httpUrl,
  expires_in: z
    .number()
    .int('must be a whole number of seconds')
    .min(60, 'must be at least 60')
    .max(86_400, 'must be at most 86400')
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
