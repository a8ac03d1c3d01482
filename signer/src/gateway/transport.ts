import { GatewayError } from './gateway-error.js'
import { replyEnvelope } from './messages.js'
import { responseText } from './pooled-fetch.js'
import type { GatewayFields } from './sign.js'
import { type SignatureVariant, verify } from './verify.js'

/**
 * One signed request to a gateway servlet and its reply, read and checked: HTTP, JSON, the reply's
 * envelope, its signature and `return_status` (docs/protocol.md "Transport", "Signature"). Every
 * failure is a `GatewayError` of its own kind. The client (client.ts) builds and signs the requests
 * and reads the replies' fields.
 */

/** One request and its reply, for logs and the demo's panel. Holds no secret; callers redact tokens. */
export interface GatewayExchange {
  servlet: string
  service?: string
  request: GatewayFields
  reply?: Record<string, unknown>
  error?: { kind: string; message: string }
  /** Which reading of empty values the reply's signature matched (docs/protocol.md "Signature"). */
  signatureVariant?: SignatureVariant
  ms: number
}

/** Where and how requests go: the gateway's base URL, the fetch, its timeout, the key. */
export interface Wire {
  base: string
  fetch: typeof fetch
  timeoutMs: number
  secret: string
}

export async function postSigned(
  wire: Wire,
  servlet: string,
  body: GatewayFields,
  exchange: GatewayExchange,
): Promise<Record<string, unknown>> {
  let response: Response
  try {
    response = await wire.fetch(`${wire.base}/Servlet/${servlet}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(wire.timeoutMs),
    })
  } catch (cause) {
    const timedOut =
      cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')
    throw new GatewayError({
      kind: timedOut ? 'timeout' : 'network',
      message: timedOut
        ? `eftPay did not answer within ${wire.timeoutMs} ms`
        : 'eftPay could not be reached',
      cause,
    })
  }
  const text = await responseText(response).catch(() => '')
  if (!response.ok) {
    throw new GatewayError({
      kind: 'http',
      httpStatus: response.status,
      message: `eftPay answered HTTP ${response.status}`,
    })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw new GatewayError({
      kind: 'malformed',
      message: 'eftPay answered with something that is not JSON',
      cause,
    })
  }
  const envelope = replyEnvelope.safeParse(json)
  if (!envelope.success) {
    const field = envelope.error.issues[0]?.path.join('.')
    throw new GatewayError({
      kind: 'malformed',
      field,
      message: `eftPay's reply has a malformed ${field || 'body'}`,
    })
  }
  const reply = envelope.data
  // docs/protocol.md "Signature": a reply must be signed, except a refusal may come unsigned.
  if (reply.sign !== undefined || reply.return_status === '00') {
    const checked = verify(reply, wire.secret)
    if (checked.ok) exchange.signatureVariant = checked.variant
    if (!checked.ok) {
      throw new GatewayError({
        kind: 'signature',
        message: `eftPay's reply failed signature verification (${checked.reason})`,
      })
    }
  }
  if (reply.return_status !== '00') {
    throw new GatewayError({
      // A query's refusal becomes 'order-not-found' only for the configured status (query below).
      kind: 'rejected',
      returnStatus: reply.return_status,
      returnChar: reply.return_char,
      message: `eftPay refused the request (return_status ${reply.return_status})`,
    })
  }
  return reply
}
