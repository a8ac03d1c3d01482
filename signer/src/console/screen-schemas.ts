import { z } from 'zod'
import { paymentId, sessionId } from '../routes/schemas.js'

/**
 * The console screens' own parameters (the lists reuse the merchant API's query schemas of
 * routes/list-schemas.ts, so both page and search alike). Strict: an unknown field is refused, and
 * every failure names its field (http/validate.ts).
 */

export const sessionIdParam = z.strictObject({ id: sessionId })

export const paymentIdParam = z.strictObject({ id: paymentId })

export const eventIdParams = z.strictObject({
  id: z.string().regex(/^ev_[0-9a-f]{8,64}$/, 'must be an event id like ev_...'),
})

/** `POST /console/api/attention/resolve`: who resolved it is the signed-in user, never a field. */
export const consoleResolveBody = z
  .strictObject({
    object: z.enum(['payment', 'refund']),
    id: z.string().regex(/^(py|re)_[0-9a-f]{8,64}$/, 'must be a payment or refund id'),
    note: z
      .string()
      .trim()
      .min(1, 'must say what was checked with eftPay')
      .max(500, 'must be at most 500 characters'),
  })
  .refine((b) => b.id.startsWith(b.object === 'payment' ? 'py_' : 're_'), {
    message: 'must be an id of the object named in object (py_... or re_...)',
    path: ['id'],
  })

export const noQuery = z.strictObject({})
