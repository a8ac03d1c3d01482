import type { WalletCode } from '../internal/wallets.js'
import type { Lang } from '../translations/translation.js'
import type { Device } from './environment.js'

/** `GET /v1/config` (docs/api.md "Browser endpoints"). */
export interface SignerConfig {
  mode: 'sandbox' | 'live'
  merchant_name: string
  /** Enabled wallets that fit the reported device, in the merchant's display order. */
  wallets: string[]
  apple_pay: {
    enabled: boolean
    merchant_identifier?: string
    country_code?: string
    supported_networks?: string[]
    merchant_capabilities?: string[]
  }
  languages: string[]
}

/** The public view of a session (docs/api.md). `client_secret` only on the sku flow's 201. */
export interface PublicSession {
  id: string
  status: 'open' | 'paid' | 'expired' | 'partially_refunded' | 'refunded'
  amount: string
  currency: string
  subject: string
  expires_at?: string
  client_secret?: string
  payments: Array<{ id: string; wallet: string; status: PaymentStatus }>
}

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'expired'

/** A payment attempt, as `POST /v1/sessions/:id/payments` and the Apple Pay payment answer it. */
export interface Payment {
  id: string
  session_id: string
  wallet: string
  status: PaymentStatus
  amount: string
  currency: string
  next_action?: { type: 'redirect' | 'qr_code'; url: string }
  expires_at?: string
}

/** The body of `POST /v1/sessions/:id/payments`, besides the client secret. */
export interface PaymentRequest {
  wallet: WalletCode
  device: Device
  lang: Lang
}

/**
 * An error answered by the signer (its `{error: {...}}` body), or a network failure (`network_error`)
 * or an unreadable answer (`bad_response`), both of which a retry may cure.
 */
export class EftpayApiError extends Error {
  declare readonly code: string
  declare readonly retryable: boolean
  /** HTTP status, 0 when no answer came. */
  declare readonly status: number
  declare readonly param: string | undefined

  constructor(o: {
    code: string
    message: string
    retryable: boolean
    status: number
    param?: string | undefined
  }) {
    super(o.message)
    this.name = 'EftpayApiError'
    // All of `o` at once (bytes: the script-tag file's 12 kB budget); `message` is the same value.
    Object.assign(this, o)
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; retryable?: boolean; param?: string }
}

/** The signer's browser endpoints; `base` is the `signer` attribute (empty: same origin). */
export class SignerClient {
  private readonly base: string

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '')
  }

  /**
   * Calls one endpoint: CORS `fetch` without cookies, JSON both ways (POST when there is a body,
   * else GET); an error answer or a network failure becomes an `EftpayApiError`.
   */
  private async call<T>(path: string, body?: object, signal?: AbortSignal): Promise<T> {
    let res: Response
    try {
      res = await fetch(this.base + path, {
        credentials: 'omit',
        signal: signal ?? null,
        ...(body && {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      })
    } catch (cause) {
      if (signal?.aborted) throw cause
      throw new EftpayApiError({
        code: 'network_error',
        message: 'The signer could not be reached.',
        retryable: true,
        status: 0,
      })
    }
    const json = (await res.json().catch(() => undefined)) as (T & ErrorBody) | undefined
    if (res.ok && json) return json
    const e = json?.error
    throw new EftpayApiError({
      code: 'bad_response',
      message: `The signer answered ${res.status}.`,
      // The signer's own code, message and param win over these defaults.
      ...e,
      // Without a readable body only a 5xx or 429 is worth repeating.
      retryable: e?.retryable ?? (res.status > 499 || res.status === 429),
      status: res.status,
    })
  }

  /** `GET /v1/config?os=&mobile=&in_app=`: the signer answers only the wallets that fit the device. */
  config(device: Device, signal?: AbortSignal): Promise<SignerConfig> {
    return this.call(
      `/v1/config?${new URLSearchParams({ ...device, mobile: String(device.mobile) })}`,
      undefined,
      signal,
    )
  }

  /** `POST /v1/sessions` with a catalog sku (no amount: the signer prices it). */
  createSession(sku: string, quantity: number, signal?: AbortSignal): Promise<PublicSession> {
    return this.call('/v1/sessions', { sku, quantity }, signal)
  }

  /** `GET /v1/sessions/:id?client_secret=`: the public view of a session. */
  session(id: string, secret: string, signal?: AbortSignal): Promise<PublicSession> {
    return this.call(
      `/v1/sessions/${encodeURIComponent(id)}?client_secret=${encodeURIComponent(secret)}`,
      undefined,
      signal,
    )
  }

  /**
   * `POST /v1/sessions/:id/<action>` with the client secret: `payments` (start or resume a payment
   * with one wallet), `apple-pay/validate` (Apple's merchant session, as is) or `apple-pay/payments`
   * (the token's `paymentData`; answers a final status).
   */
  post<T>(
    id: string,
    secret: string,
    action: 'payments' | 'apple-pay/validate' | 'apple-pay/payments',
    body: object,
  ): Promise<T> {
    return this.call(`/v1/sessions/${encodeURIComponent(id)}/${action}`, {
      client_secret: secret,
      ...body,
    })
  }
}

/** The session id inside a client secret `cs_<id>_secret_<random>` (the part before `_secret_`). */
export function sessionIdOf(clientSecret: string): string | undefined {
  const i = clientSecret.indexOf('_secret_')
  return i > 0 ? clientSecret.slice(0, i) : undefined
}
