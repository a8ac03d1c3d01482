import type { Payment } from '../../api/types.js'
import {
  contractViolation,
  type PaymentJson,
  type PublicSessionJson,
  type SignerConfigJson,
} from './signer-contract.js'

/** A request the widget sent to the fake signer. */
export interface SeenRequest {
  method: string
  path: string
  query: URLSearchParams
  body: Record<string, unknown> | undefined
}

/** A hand-written answer: status and JSON body. */
export interface FakeAnswer {
  status: number
  body: unknown
  /**
   * Why this answer is not what the signer sends (a proxy's broken answer, a newer signer's
   * field). Every other answer is parsed with the signer's own response schemas.
   */
  beyondContract?: string
}

type Handler = (req: SeenRequest) => FakeAnswer | Promise<FakeAnswer>

export const SIGNER = 'https://signer.test'
export const SECRET = 'cs_test1_secret_abc123'

/** An error body as the signer sends it (docs/api.md "Errors"). */
export function apiError(
  status: number,
  code: string,
  retryable: boolean,
  param?: string,
): FakeAnswer {
  return {
    status,
    body: {
      error: {
        type: status === 403 ? 'permission_error' : 'invalid_request_error',
        code,
        message: `fake ${code}`,
        retryable,
        ...(param ? { param } : {}),
      },
    },
  }
}

/**
 * A fake of the signer's browser API (docs/api.md), installed by replacing `fetch` for requests to
 * {@link SIGNER}; everything else goes to the real `fetch`. It keeps one session the tests can
 * move (`session.status`, `setPaymentStatus`) and records every request. `override()` replaces
 * one route's answer, e.g. with an error or a promise the test resolves later.
 *
 * Every answer, its own or an override's, is parsed with the real signer's response schemas: one
 * that the signer could not send fails the request and, at `restore()`, the test.
 */
export class FakeSigner {
  readonly requests: SeenRequest[] = []
  config: SignerConfigJson = {
    mode: 'sandbox',
    merchant_name: 'Demo Tea House',
    wallets: ['ALIPAYHK', 'WECHATHK', 'PAYME', 'OCT', 'MPGS'],
    apple_pay: {
      enabled: true,
      merchant_identifier: 'merchant.com.example',
      country_code: 'HK',
      supported_networks: ['visa', 'masterCard', 'amex'],
      merchant_capabilities: ['supports3DS'],
    },
    google_pay: {
      enabled: true,
      environment: 'TEST',
      merchant_id: 'BCR2DN4T000TEST',
      merchant_name: 'Demo Tea House',
      gateway: 'mpgs',
      gateway_merchant_id: 'TESTEFTPAY01',
      allowed_card_networks: ['VISA', 'MASTERCARD'],
      allowed_auth_methods: ['PAN_ONLY', 'CRYPTOGRAM_3DS'],
    },
    languages: ['en', 'zh-HK', 'zh-CN'],
  }
  session: PublicSessionJson = {
    id: 'cs_test1',
    object: 'session',
    status: 'open',
    amount: '128.00',
    currency: 'HKD',
    subject: 'Tea for two',
    expires_at: new Date(Date.now() + 30 * 60_000).toISOString(),
    success_url: 'https://shop.test/thanks',
    cancel_url: 'https://shop.test/cart',
    payments: [],
  }
  /** What `POST /v1/sessions/:id/payments` answers as `next_action`, by wallet; default redirect. */
  nextAction: Record<string, 'redirect' | 'qr_code'> = {}
  /** Answers that failed the signer's schemas; `restore()` throws if there are any. */
  readonly violations: string[] = []
  private readonly overrides = new Map<string, Handler>()
  private readonly realFetch = globalThis.fetch
  private count = 0

  /** Replaces `fetch`; call `restore()` after the test. */
  install(): this {
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => this.fetch(input, init)
    return this
  }

  restore(): void {
    globalThis.fetch = this.realFetch
    if (this.violations.length) throw new Error(this.violations.join('\n'))
  }

  /** Answers `METHOD /path` (path without query, `:id` literal as sent) with `handler` instead. */
  override(route: string, handler: Handler): void {
    this.overrides.set(route, handler)
  }

  /** A payment of the fake session as the signer answers it; `fields` replace the defaults. */
  payment(fields: Partial<PaymentJson> & { id: string }): PaymentJson {
    const now = Date.now()
    return {
      object: 'payment',
      session_id: this.session.id,
      wallet: 'OCT',
      service: 'service.fake',
      out_trade_no: `ORD${fields.id}`,
      eft_trade_no: null,
      status: 'pending',
      amount: this.session.amount,
      currency: this.session.currency,
      next_action: null,
      expires_at: new Date(now + 5 * 60_000).toISOString(),
      created_at: new Date(now).toISOString(),
      needs_attention: false,
      ...fields,
    }
  }

  /** Moves a payment (and, for success, the session) to a new status. */
  setPaymentStatus(id: string, status: Payment['status']): void {
    const p = this.session.payments.find((x) => x.id === id)
    if (p) p.status = status
    if (status === 'succeeded') this.session.status = 'paid'
  }

  /** Requests to one route, e.g. `GET /v1/sessions/cs_test1`. */
  seen(route: string): SeenRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route)
  }

  private async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(String(input instanceof Request ? input.url : input))
    if (url.origin !== SIGNER) return this.realFetch(input, init)
    const method = init?.method ?? 'GET'
    const body =
      typeof init?.body === 'string'
        ? (JSON.parse(init.body) as Record<string, unknown>)
        : undefined
    const req: SeenRequest = { method, path: url.pathname, query: url.searchParams, body }
    this.requests.push(req)
    const route = `${method} ${url.pathname}`
    const answer = await (this.overrides.get(route) ?? ((r: SeenRequest) => this.answer(r)))(req)
    init?.signal?.throwIfAborted()
    const violation =
      answer.beyondContract === undefined && contractViolation(route, answer.status, answer.body)
    if (violation) {
      this.violations.push(violation)
      throw new Error(violation)
    }
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    })
  }

  private answer(req: SeenRequest): FakeAnswer {
    const s = this.session
    const route = `${req.method} ${req.path}`
    const secretOk = (req.query.get('client_secret') ?? req.body?.client_secret) === SECRET
    if (route === 'GET /v1/config') return { status: 200, body: this.config }
    if (route === 'POST /v1/sessions') {
      if (!req.body?.sku) return apiError(400, 'missing_field', false, 'sku')
      return { status: 201, body: { ...s, client_secret: SECRET } }
    }
    if (!req.path.startsWith(`/v1/sessions/${s.id}`))
      return apiError(404, 'session_not_found', false)
    if (!secretOk) return apiError(403, 'invalid_client_secret', false)
    if (route === `GET /v1/sessions/${s.id}`) return { status: 200, body: structuredClone(s) }
    if (route === `POST /v1/sessions/${s.id}/payments`) {
      const wallet = String(req.body?.wallet) as (typeof s.payments)[number]['wallet']
      const id = `py_${++this.count}`
      s.payments.push({ id, wallet, status: 'pending' })
      const type = this.nextAction[wallet] ?? 'redirect'
      const url =
        type === 'qr_code' ? `https://qr.test/${wallet}/${id}` : `https://wallet.test/pay/${id}`
      return { status: 201, body: this.payment({ id, wallet, next_action: { type, url } }) }
    }
    if (route === `POST /v1/sessions/${s.id}/apple-pay/validate`) {
      return {
        status: 200,
        body: { merchantSessionIdentifier: 'ms_1', signature: 'sig', epochTimestamp: 1 },
      }
    }
    if (route === `POST /v1/sessions/${s.id}/apple-pay/payments`) {
      const id = `py_${++this.count}`
      // The real signer records and answers an Apple Pay payment as wallet APPLEPAY.
      s.payments.push({ id, wallet: 'APPLEPAY', status: 'succeeded' })
      s.status = 'paid'
      return {
        status: 201,
        body: this.payment({ id, wallet: 'APPLEPAY', status: 'succeeded', service: 'applepay' }),
      }
    }
    if (route === `POST /v1/sessions/${s.id}/google-pay/payments`) {
      const id = `py_${++this.count}`
      // The sandbox's rules (docs/api.md): DECLINE in the token declines, PROCESSING stays pending.
      const token = String(req.body?.token)
      const status = /DECLINE/.test(token)
        ? 'failed'
        : /PROCESSING/.test(token)
          ? 'pending'
          : 'succeeded'
      s.payments.push({ id, wallet: 'GOOGLEPAY', status })
      if (status === 'succeeded') s.status = 'paid'
      return {
        status: 201,
        body: this.payment({
          id,
          wallet: 'GOOGLEPAY',
          status,
          service: 'service.mpgs.token.GooglePay',
        }),
      }
    }
    return apiError(404, 'not_found', false)
  }
}

/** A promise with its resolver outside, to hold an answer until the test lets it go. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
