import { z } from 'zod'
import { isAmount } from '../money.js'

/**
 * The console API's request bodies and query parameters: strict (an unknown field is refused), and
 * every failure names its field (http/validate.ts).
 */

/** What @simplewebauthn/browser sends back: checked for shape here, for meaning by the library. */
const credentialResponse = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().max(4096) }),
  clientExtensionResults: z.looseObject({}),
})

const ceremony = z.string().min(1).max(100)
const inviteToken = z.string().regex(/^[\w-]{20,100}$/, 'must be the token from an invite link')

export const enrolOptionsBody = z.strictObject({ invite: inviteToken })
export const enrolVerifyBody = z.strictObject({
  invite: inviteToken,
  ceremony,
  response: credentialResponse,
})
export const assertionBody = z.strictObject({ ceremony, response: credentialResponse })

export const personName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[^\p{Cc}<>]+$/u, 'must be plain text without control characters or < >')

export const inviteBody = z.strictObject({
  role: z.enum(['owner', 'staff']),
  name: personName,
})

const amount = z
  .string()
  .refine(isAmount, 'must be an amount like "12.50" (a decimal string, at most 2 decimals)')

export const refundLimitBody = z.strictObject({ refund_limit: amount })

export const userIdParam = z.strictObject({
  id: z.string().regex(/^cu_[0-9a-f]{24}$/, 'must be a user id'),
})

export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.iso.datetime().optional(),
})

export const consoleRefundBody = z
  .strictObject({
    payment_id: z.string().min(1).max(64).optional(),
    session_id: z.string().min(1).max(64).optional(),
    amount: amount.refine((a) => a !== '0' && !/^0+(\.0+)?$/.test(a), 'must be above zero'),
    reason: z.string().max(256).optional(),
  })
  .refine((body) => Boolean(body.payment_id) !== Boolean(body.session_id), {
    message: 'give exactly one of payment_id or session_id',
    path: ['payment_id'],
  })
