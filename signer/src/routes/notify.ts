import { Hono } from 'hono'
import { checkJsonBounds } from '../middleware/json-bounds.js'
import type { AppDeps, AppEnv } from './deps.js'

/**
 * `POST /v1/gateway/notify`, the `notify_url` given to eftPay (docs/protocol.md). The service
 * verifies, stores before acknowledging, and applies once; this route only reads the body (JSON
 * per the docs, form-encoded accepted too) and answers the signed acknowledgement it is given. A
 * body that cannot be read is passed on as empty, so it is refused the same way as a forged one.
 */
export function notifyRoutes(deps: AppDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/notify', async (c) => {
    const payload = await readPayload(c.req.raw)
    const outcome = await deps.service.handleNotification(payload)
    if (outcome.status !== 200)
      c.get('log').warn({ status: outcome.status }, 'gateway notification refused')
    return c.json(outcome.ack, outcome.status)
  })
}

/** Reads a JSON or form body into a flat record of strings; anything unreadable gives `{}`. */
export async function readPayload(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? ''
  const text = await request.text().catch(() => '')
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text))
  try {
    const value: unknown = JSON.parse(text)
    // A notification is flat; one nested too deep or too big is unreadable (middleware/json-bounds.ts).
    return typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      checkJsonBounds(value) === undefined
      ? (value as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}
