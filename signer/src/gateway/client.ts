import pRetry from 'p-retry'
import type { z } from 'zod'
import type { Clock } from '../contract/clock.js'
import { GatewayError } from './gateway-error.js'
import { formatGatewayTime } from './hk-time.js'
import {
  type ApplePayRequest,
  applePayRequest,
  commonQueryRequest,
  type GooglePayRequest,
  googlePayRequest,
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
  type TradeReply,
  tradeReply,
} from './messages.js'
import { assertUsablePayLink, isLoopbackHttp } from './pay-link.js'
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings, refundServiceFor } from './settings.js'
import { type GatewayFields, signPayload } from './sign.js'
import { type GatewayExchange, postSigned, type Wire } from './transport.js'
import { orderNotFound, sameOrder, wholeMinutes } from './wire-rules.js'

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
  /** Protocol choices the documents leave open (settings.ts); live-safe defaults. */
  settings?: GatewaySettings
}

/** Fields the client fills in itself. */
type Auto = 'user_confirm_key' | 'time'
type Input<T> = Omit<T, Auto>

/**
 * A typed eftPay client: validates, signs, sends, verifies (docs/protocol.md). It owns the wire
 * choices: `active_time` in whole minutes, the Apple Pay `pay_scene` and the refund service per
 * wallet from the settings, which query answer means "no such order", and which `pay_apptrade`
 * links a shopper may be sent to.
 */
export interface GatewayClient {
  preOrder(input: Input<PreOrderRequest>): Promise<PreOrderReply>
  /** `pay_scene` is the configured Apple Pay scene whatever the caller passes. */
  applePay(
    input: Omit<Input<ApplePayRequest>, 'pay_scene'> & { pay_scene?: string },
  ): Promise<TradeReply>
  googlePay(input: Input<GooglePayRequest>): Promise<TradeReply>
  query(input: Input<QueryRequest>): Promise<TradeReply>
  refund(input: Input<RefundRequest>): Promise<RefundReply>
  refundStatus(input: Input<RefundStatusQueryRequest>): Promise<RefundStatusReply>
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const base = options.baseUrl.replace(/\/+$/, '')
  const wire: Wire = {
    base,
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    secret: options.secret,
  }
  const settings = options.settings ?? DEFAULT_GATEWAY_SETTINGS
  // A plain-http gateway on this machine is a sandbox: its pay pages are plain http there too.
  const loopbackHttp = isLoopbackHttp(new URL(base))

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
      const reply = await postSigned(wire, servlet, body, exchange)
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
   * A query's reply. Under `EFTPAY_TOKEN_QUERY=service.common.Query` a refusal from
   * `QRcodeTradeQuery.do` is asked again with `service.common.Query`: the caller does not say
   * whether an order is a token order, and token orders are the ones `QRcodeTradeQuery.do` does
   * not know there (docs/protocol.md "Apple Pay").
   */
  async function queryReply(input: Input<QueryRequest>): Promise<Record<string, unknown>> {
    const asked = send('QRcodeTradeQuery.do', build(queryRequest, input))
    if (settings.tokenQuery !== 'service.common.Query') return asked
    try {
      return await asked
    } catch (error) {
      if (!(error instanceof GatewayError && error.kind === 'rejected')) throw error
      const fields = { ...input, service: 'service.common.Query' }
      return send('JSAPIService.do', build(commonQueryRequest, fields))
    }
  }

  return {
    async preOrder(input) {
      const fields = { ...input, active_time: wholeMinutes(input.active_time) }
      const reply = sameOrder(
        input,
        expect(preOrderReply, await send('JSAPIService.do', build(preOrderRequest, fields))),
      )
      // The shopper is sent to this link (docs/protocol.md "Pay links"): only a safe one is kept.
      assertUsablePayLink(reply.pay_apptrade, input.wallet, loopbackHttp)
      return reply
    },
    async applePay(input) {
      const fields = { ...input, pay_scene: settings.applePayScene }
      return sameOrder(
        input,
        expect(tradeReply, await send('JSAPIService.do', build(applePayRequest, fields))),
      )
    },
    async googlePay(input) {
      return sameOrder(
        input,
        expect(tradeReply, await send('JSAPIService.do', build(googlePayRequest, input))),
      )
    },
    async query(input) {
      // Idempotent: retried on transient failures, with a fresh time and signature each attempt.
      return pRetry(
        async () =>
          sameOrder(
            input,
            expect(
              tradeReply,
              await queryReply(input).catch((error) =>
                orderNotFound(error, settings, input.refund_no !== undefined),
              ),
            ),
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
      const token = input.pay_scene.startsWith('TOKEN')
      const googlePay = input.pay_scene === 'TOKEN_GOOGLE_PAY'
      const fields = {
        ...input,
        service: refundServiceFor(input, settings),
        // docs/protocol.md "Refund": the sale's total unless EFTPAY_REFUND_TOTAL_FEE says otherwise.
        total_fee:
          settings.refundTotalFee === 'refund-amount' ? input.return_amount : input.total_fee,
        // The refund names the sale's scene: for an Apple Pay token sale, the configured one.
        pay_scene: token && !googlePay ? settings.applePayScene : input.pay_scene,
      }
      return sameOrder(
        input,
        expect(refundReply, await send('JSAPIService.do', build(refundRequest, fields))),
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
