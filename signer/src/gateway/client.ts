import pRetry from 'p-retry'
import type { z } from 'zod'
import { GatewayError } from './gateway-error.js'
import { type Clock, formatGatewayTime } from './hk-time.js'
import {
  type ApplePayRequest,
  applePayRequest,
  type PreOrderReply,
  type PreOrderRequest,
  preOrderReply,
  preOrderRequest,
  type QueryRequest,
  queryRequest,
  type RefundReply,
  type RefundRequest,
  type RefundStatusQueryRequest,
  type RefundStatusReply,
  refundReply,
  refundRequest,
  refundStatusQueryRequest,
  refundStatusReply,
  replyEnvelope,
  type TradeReply,
  tradeReply,
} from './messages.js'
import { type GatewayFields, signPayload } from './sign.js'
import { verify } from './verify.js'

/** One request and its reply, for logs and the demo's panel. Holds no secret; callers redact tokens. */
export interface GatewayExchange {
  servlet: string
  service?: string
  request: GatewayFields
  reply?: Record<string, unknown>
  error?: { kind: string; message: string }
  ms: number
}

export interface GatewayClientOptions {
  /** Base URL up to and including the gateway name, e.g. `https://vmp.eftpay.com.cn/VMP`. */
  baseUrl: string
  userKey: string
  secret: string
  clock: Clock
  /** Per-request timeout. */
  timeoutMs?: number
  /** Extra attempts for idempotent calls (query) on retryable errors. */
  queryRetries?: number
  fetch?: typeof fetch
  onExchange?: (exchange: GatewayExchange) => void
}

/** Fields the client fills in itself. */
type Auto = 'user_confirm_key' | 'time'
type Input<T> = Omit<T, Auto>

/** A typed eftPay client: validates, signs, sends, verifies (PROTOCOL.md §2, §4–§6). */
export interface GatewayClient {
  preOrder(input: Input<PreOrderRequest>): Promise<PreOrderReply>
  applePay(input: Input<ApplePayRequest>): Promise<TradeReply>
  query(input: Input<QueryRequest>): Promise<TradeReply>
  refund(input: Input<RefundRequest>): Promise<RefundReply>
  refundStatus(input: Input<RefundStatusQueryRequest>): Promise<RefundStatusReply>
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const base = options.baseUrl.replace(/\/+$/, '')
  const doFetch = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 10_000

  /** Validates the request against the gateway's limits; the first problem names its field. */
  function build<S extends z.ZodType>(schema: S, input: object): GatewayFields {
    const fields = {
      ...input,
      user_confirm_key: options.userKey,
      time: formatGatewayTime(options.clock()),
    }
    const parsed = schema.safeParse(fields)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      // A strict schema reports an unknown key with an empty path and the key in `keys`.
      const field =
        (issue?.code === 'unrecognized_keys' ? issue.keys[0] : issue?.path.join('.')) || undefined
      throw new GatewayError({
        kind: 'invalid-request',
        field,
        message: `${field ?? 'request'} ${issue?.message ?? 'is invalid'}`,
      })
    }
    return signPayload(parsed.data as Record<string, string | undefined>, options.secret)
  }

  async function send(servlet: string, body: GatewayFields): Promise<Record<string, unknown>> {
    const started = performance.now()
    const exchange: GatewayExchange = { servlet, service: body.service, request: body, ms: 0 }
    try {
      const reply = await post(servlet, body)
      exchange.reply = reply
      return reply
    } catch (error) {
      if (error instanceof GatewayError)
        exchange.error = { kind: error.kind, message: error.message }
      throw error
    } finally {
      exchange.ms = performance.now() - started
      options.onExchange?.(exchange)
    }
  }

  async function post(servlet: string, body: GatewayFields): Promise<Record<string, unknown>> {
    let response: Response
    try {
      response = await doFetch(`${base}/Servlet/${servlet}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (cause) {
      const timedOut =
        cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')
      throw new GatewayError({
        kind: timedOut ? 'timeout' : 'network',
        message: timedOut
          ? `eftPay did not answer within ${timeoutMs} ms`
          : 'eftPay could not be reached',
        cause,
      })
    }
    const text = await response.text().catch(() => '')
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
    // Open question 2: a reply must be signed, except a refusal (non-"00") may come unsigned.
    if (reply.sign !== undefined || reply.return_status === '00') {
      const checked = verify(reply, options.secret)
      if (!checked.ok) {
        throw new GatewayError({
          kind: 'signature',
          message: `eftPay's reply failed signature verification (${checked.reason})`,
        })
      }
    }
    if (reply.return_status !== '00') {
      throw new GatewayError({
        kind:
          servlet.startsWith('QRcode') && reply.return_status === '08'
            ? 'order-not-found'
            : 'rejected',
        returnStatus: reply.return_status,
        returnChar: reply.return_char,
        message: `eftPay refused the request (return_status ${reply.return_status})`,
      })
    }
    return reply
  }

  function expect<S extends z.ZodType>(schema: S, reply: Record<string, unknown>): z.infer<S> {
    const parsed = schema.safeParse(reply)
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.')
      throw new GatewayError({
        kind: 'malformed',
        field,
        message: `eftPay's reply lacks a valid ${field || 'body'}`,
      })
    }
    return parsed.data
  }

  /**
   * A signed reply is only about the order we asked for when it says so. Without this check a
   * genuine signed `TRADE_SUCCESS` of another order (a replayed reply, a gateway mix-up) would be
   * applied to ours; treated as malformed, so the outcome stays unknown and is asked again.
   */
  function sameOrder<R extends Record<string, unknown>>(request: object, reply: R): R {
    const sent = request as Record<string, unknown>
    // Only the merchant's own numbers: a reply's `refund_no` may be eftPay's number (§5.1, §6.1 unclear).
    for (const field of ['out_trade_no', 'out_refund_no'] as const) {
      const asked = sent[field]
      const answered = reply[field]
      if (
        typeof asked === 'string' &&
        typeof answered === 'string' &&
        answered !== '' &&
        answered !== asked
      ) {
        throw new GatewayError({
          kind: 'malformed',
          field,
          message: `eftPay's reply is about another ${field} than the one sent`,
        })
      }
    }
    return reply
  }

  return {
    async preOrder(input) {
      return sameOrder(
        input,
        expect(preOrderReply, await send('JSAPIService.do', build(preOrderRequest, input))),
      )
    },
    async applePay(input) {
      return sameOrder(
        input,
        expect(tradeReply, await send('JSAPIService.do', build(applePayRequest, input))),
      )
    },
    async query(input) {
      // Idempotent: retried on transient failures, with a fresh time and signature each attempt.
      return pRetry(
        async () =>
          sameOrder(
            input,
            expect(tradeReply, await send('QRcodeTradeQuery.do', build(queryRequest, input))),
          ),
        {
          retries: options.queryRetries ?? 2,
          minTimeout: 200,
          maxTimeout: 2_000,
          randomize: true,
          shouldRetry: (error) => error instanceof GatewayError && error.retryable,
        },
      )
    },
    async refund(input) {
      return sameOrder(
        input,
        expect(refundReply, await send('JSAPIService.do', build(refundRequest, input))),
      )
    },
    async refundStatus(input) {
      return sameOrder(
        input,
        expect(
          refundStatusReply,
          await send('JSAPIService.do', build(refundStatusQueryRequest, input)),
        ),
      )
    },
  }
}
