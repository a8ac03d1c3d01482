import { z } from 'zod'
import { eventIdParam, resolveBody } from '../contract/list-requests.js'
import { paymentId, sessionId } from '../contract/requests.js'

/**
 * The console screens' own parameters (the lists reuse the merchant API's query schemas of
 * contract/list-requests.ts, so both page and search alike). Strict: an unknown field is refused, and
 * every failure names its field (http/validate.ts).
 */

export const sessionIdParam = z.strictObject({ id: sessionId })

export const paymentIdParam = z.strictObject({ id: paymentId })

export const eventIdParams = z.strictObject({ id: eventIdParam })

/** `POST /console/api/attention/resolve`: the API's body; who resolved it is the signed-in user. */
export const consoleResolveBody = resolveBody.refine((b) => b.resolved_by === undefined, {
  message: 'is not a known field here: the console records the signed-in user',
  path: ['resolved_by'],
})
