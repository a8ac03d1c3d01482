import { randomBytes } from 'node:crypto'
import type { Clock } from '../contract/clock.js'
import { createGatewayClient, type GatewayClient } from '../gateway/client.js'
import type { GatewaySettings } from '../gateway/settings.js'
import type { SignatureVariant } from '../gateway/verify.js'

/**
 * Every gateway call of a `check` run goes through the signer's own gateway client, so a reply
 * the client would reject fails the check (docs/protocol.md "Before go-live: check"). The session
 * records each call as it went over the wire (the signed request, the HTTP status and body) next
 * to the client's verdict, for the report and for `--evidence`.
 */

export interface CheckTarget {
  baseUrl: string
  userKey: string
  secret: string
  clock: Clock
  fetch: typeof fetch
  timeoutMs: number
  /** The settings in use (config.protocol); a call may try others (`check --uat`). */
  settings: GatewaySettings
}

/** One request and its answer, as sent and received. */
export interface RecordedCall {
  /** The check line it belongs to, e.g. `wallet.PAYME.desktop`. */
  step: string
  /** What the call is for, as a person (or eftPay's go-live review) reads it. */
  label: string
  servlet: string
  service?: string
  request: Record<string, string | undefined>
  /** The HTTP status, when an answer came. */
  httpStatus?: number
  /** The body as received: parsed JSON, or the text when it is not JSON. */
  response?: unknown
  /** The client's error, when it threw. */
  error?: { kind: string; message: string }
  /** The reading of empty values the reply's signature verified with. */
  signatureVariant?: SignatureVariant
  at: Date
  ms: number
}

/** What a run of the client gave: its value or its error, and the calls it made. */
export interface CallResult<T> {
  value?: T
  error?: unknown
  calls: RecordedCall[]
}

export interface GatewaySession {
  readonly target: CheckTarget
  /** Every call of the run, in order. */
  readonly calls: readonly RecordedCall[]
  /** Runs `use` with a client (the settings in use, or these replaced), recording its calls. */
  call<T>(
    step: string,
    label: string,
    use: (client: GatewayClient) => Promise<T>,
    settings?: Partial<GatewaySettings>,
  ): Promise<CallResult<T>>
}

export function createGatewaySession(target: CheckTarget): GatewaySession {
  const calls: RecordedCall[] = []
  let current = { step: '', label: '' }
  let answer: { status: number; text: string } | undefined

  // Reads the body once to keep it, and hands the client an equal Response.
  const recordingFetch: typeof fetch = async (input, init) => {
    answer = undefined
    const response = await target.fetch(input, init)
    const text = await response.text()
    answer = { status: response.status, text }
    return new Response(text, { status: response.status, headers: response.headers })
  }

  return {
    target,
    calls,
    async call(step, label, use, settings) {
      current = { step, label }
      const first = calls.length
      const client = createGatewayClient({
        baseUrl: target.baseUrl,
        userKey: target.userKey,
        secret: target.secret,
        clock: target.clock,
        timeoutMs: target.timeoutMs,
        // One attempt: check reports what happened; it does not hide a failure behind a retry.
        queryRetries: 0,
        fetch: recordingFetch,
        settings: { ...target.settings, ...settings },
        onExchange: (exchange) => {
          calls.push({
            ...current,
            servlet: exchange.servlet,
            service: exchange.service,
            request: { ...exchange.request },
            httpStatus: answer?.status,
            response: answer === undefined ? undefined : parsedOrText(answer.text),
            error: exchange.error,
            signatureVariant: exchange.signatureVariant,
            at: new Date(target.clock().getTime() - exchange.ms),
            ms: Math.round(exchange.ms),
          })
          answer = undefined
        },
      })
      try {
        return { value: await use(client), calls: calls.slice(first) }
      } catch (error) {
        return { error, calls: calls.slice(first) }
      }
    },
  }
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** A fresh merchant order number for a check order: `prefix`, the time, 6 random characters. */
export function checkOrderNumber(prefix: string): string {
  const random = randomBytes(6).toString('hex').slice(0, 6).toUpperCase()
  return `${prefix}${Date.now().toString(36).toUpperCase()}${random}`.slice(0, 28)
}
