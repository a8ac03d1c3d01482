import pRetry from 'p-retry'
import type { z } from 'zod'
import type { GatewayClientOptions } from './client.js'
import { GatewayError } from './gateway-error.js'
import { formatGatewayTime } from './hk-time.js'
import { commonQueryRequest, replyEnvelope, type TradeReply } from './messages.js'
import { isLoopbackHttp } from './pay-link.js'
import { responseText } from './pooled-fetch.js'
import { assertUsableQrCode } from './qr-scene-code.js'
import {
  asTradeReply,
  QR_PRODUCTS,
  type QrPreOrderReply,
  type QrPreOrderRequest,
  type QrWallet,
  qrPreOrderReply,
  qrPreOrderRequest,
  qrQueryReply,
  qrQueryRequest,
} from './qr-scene-messages.js'
import { DEFAULT_GATEWAY_SETTINGS } from './settings.js'
import { type GatewayFields, signPayload } from './sign.js'
import type { GatewayExchange } from './transport.js'
import { verify } from './verify.js'
import { orderNotFound, sameOrder } from './wire-rules.js'

/**
 * The gateway side of eftPay's merchant-presented QR scene (docs/protocol.md, "Merchant-presented
 * QR scene"): builds and signs the PreOrder per wallet, verifies its reply and the code in it, and
 * asks the scene's own query service, whose answer the money core reads like any query
 * (domain/sale-answer.ts). Not yet routed: docs/protocol.md, "Wiring, next step".
 */

/** What the caller gives; the service, `paytype` and `payment_type` follow from the wallet. */
export interface QrPreOrderInput {
  wallet: QrWallet
  transaction_amount: string
  out_trade_no: string
  buyertype: QrPreOrderRequest['buyertype']
  subject: string
  tid?: string
  notify_url?: string
}

export interface QrQueryInput {
  wallet: QrWallet
  out_trade_no: string
  buyertype?: QrPreOrderRequest['buyertype']
}

export interface QrSceneClient {
  /** Places the order; the reply's `qr_code` has the wallet's shape and names the order's amount. */
  preOrder(input: QrPreOrderInput): Promise<QrPreOrderReply>
  /**
   * Asks the scene's query service about a sale. A refusal is `rejected`, or `order-not-found` for
   * a configured status; under `EFTPAY_TOKEN_QUERY=service.common.Query` a refusal is asked again
   * there first (docs/protocol.md, "Settings").
   */
  query(input: QrQueryInput): Promise<TradeReply>
}

export function createQrSceneClient(options: GatewayClientOptions): QrSceneClient {
  const base = options.baseUrl.replace(/\/+$/, '')
  const doFetch = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 10_000
  const settings = options.settings ?? DEFAULT_GATEWAY_SETTINGS
  const loopbackHttp = isLoopbackHttp(new URL(base))

  /** Validates and signs; the first problem names its field, before anything is sent. */
  function build(schema: z.ZodType, input: object): GatewayFields {
    const fields = {
      ...input,
      user_confirm_key: options.userKey,
      time: formatGatewayTime(options.clock()),
    }
    const parsed = schema.safeParse(fields)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
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

  /** One POST to `JSAPIService.do`: a signed `00` reply, else a typed GatewayError. */
  async function send(body: GatewayFields): Promise<Record<string, unknown>> {
    const exchange: GatewayExchange = {
      servlet: 'JSAPIService.do',
      service: body.service,
      request: body,
      ms: 0,
    }
    const started = performance.now()
    try {
      const response = await doFetch(`${base}/Servlet/JSAPIService.do`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      }).catch((cause: unknown) => {
        const timedOut =
          cause instanceof Error && ['TimeoutError', 'AbortError'].includes(cause.name)
        throw new GatewayError({
          kind: timedOut ? 'timeout' : 'network',
          message: timedOut
            ? `eftPay did not answer within ${timeoutMs} ms`
            : 'eftPay could not be reached',
          cause,
        })
      })
      const text = await responseText(response).catch(() => '')
      if (!response.ok)
        throw new GatewayError({
          kind: 'http',
          httpStatus: response.status,
          message: `eftPay answered HTTP ${response.status}`,
        })
      const reply = readReply(text)
      exchange.reply = reply
      // docs/protocol.md "Signature": a `00` reply must be signed; a refusal may come unsigned.
      if (reply.sign !== undefined || reply.return_status === '00') {
        const checked = verify(reply, options.secret)
        if (!checked.ok)
          throw new GatewayError({
            kind: 'signature',
            message: `eftPay's reply failed signature verification (${checked.reason})`,
          })
        exchange.signatureVariant = checked.variant
      }
      if (reply.return_status !== '00')
        throw new GatewayError({
          kind: 'rejected',
          returnStatus: reply.return_status,
          returnChar: reply.return_char,
          message: `eftPay refused the request (return_status ${reply.return_status})`,
        })
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

  async function asked(input: QrQueryInput): Promise<Record<string, unknown>> {
    const product = QR_PRODUCTS[input.wallet]
    const fields = {
      service: product.query,
      querytype: 'OUT_TRADE',
      out_trade_no: input.out_trade_no,
      paytype: product.paytype,
      buyertype: input.buyertype ?? 'others',
      payment_type: input.wallet,
    }
    const scene = send(build(qrQueryRequest, fields))
    if (settings.tokenQuery !== 'service.common.Query') return scene
    try {
      return await scene
    } catch (error) {
      if (!(error instanceof GatewayError && error.kind === 'rejected')) throw error
      const common = {
        service: 'service.common.Query',
        querytype: 'OUT_TRADE',
        out_trade_no: input.out_trade_no,
      }
      return send(build(commonQueryRequest, common))
    }
  }

  return {
    async preOrder(input) {
      const product = QR_PRODUCTS[input.wallet]
      const { wallet, ...rest } = input
      const fields = {
        ...rest,
        service: product.preOrder,
        paytype: product.paytype,
        payment_type: wallet,
      }
      const reply = sameOrder(
        input,
        expect(qrPreOrderReply, await send(build(qrPreOrderRequest, fields))),
      )
      assertUsableQrCode(reply.qr_code, wallet, input.transaction_amount, loopbackHttp)
      return reply
    },
    async query(input) {
      // Idempotent: retried on transient failures, with a fresh time and signature each attempt.
      return pRetry(
        async () => {
          const reply = await asked(input).catch((error) => orderNotFound(error, settings))
          return asTradeReply(sameOrder(input, expect(qrQueryReply, reply)))
        },
        {
          retries: options.queryRetries ?? 2,
          minTimeout: 200,
          maxTimeout: 2_000,
          randomize: true,
          shouldRetry: (error) => error instanceof GatewayError && error.retryable,
        },
      )
    },
  }
}

/** The reply's JSON with the public fields every reply has, else `malformed`. */
function readReply(text: string) {
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
  return expect(replyEnvelope, json)
}

function expect<S extends z.ZodType>(schema: S, reply: unknown): z.infer<S> {
  const parsed = schema.safeParse(reply)
  if (parsed.success) return parsed.data
  const field = parsed.error.issues[0]?.path.join('.')
  throw new GatewayError({
    kind: 'malformed',
    field,
    message: `eftPay's reply lacks a valid ${field || 'body'}`,
  })
}
