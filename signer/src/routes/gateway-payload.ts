import { checkJsonBounds } from '../middleware/json-bounds.js'

/**
 * Reads what eftPay (or the shopper's browser, on return) sent: a JSON or form body, as a flat
 * record. Anything unreadable gives `{}`, so it is refused the same way as a forged payload.
 */
export async function readGatewayPayload(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? ''
  const text = await request.text().catch(() => '')
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text))
  try {
    const value: unknown = JSON.parse(text)
    // A gateway payload is flat; one nested too deep or too big is unreadable (middleware/json-bounds.ts).
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
