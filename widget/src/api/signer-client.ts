import { EftpayApiError, fault } from './api-error.js'
import type {
  Device,
  PublicSession,
  SessionActions,
  SignerConfig,
  SignerError,
  SkuSessionBody,
} from './types.js'

/** The signer's browser endpoints; `base` is the `signer` attribute (empty: same origin). */
export class SignerClient {
  readonly #base: string

  constructor(base: string) {
    this.#base = base.replace(/\/+$/, '')
  }

  /**
   * Calls one endpoint: CORS `fetch` without cookies, JSON both ways (POST when there is a body,
   * else GET); an error answer or a network failure becomes an `EftpayApiError`.
   */
  async #call<T>(path: string, signal?: AbortSignal, body?: object): Promise<T> {
    let res: Response
    try {
      res = await fetch(this.#base + path, {
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
      throw fault('network_error', 'Signer not reached', true)
    }
    const json = (await res.json().catch(() => undefined)) as (T & Partial<SignerError>) | undefined
    if (res.ok && json) return json
    // A proxy in between may answer an error of its own: every field of it is optional here.
    const e: Partial<SignerError['error']> | undefined = json?.error
    throw new EftpayApiError({
      code: 'bad_response',
      message: `Signer answered ${res.status}`,
      // The signer's own code, message and param win over these defaults.
      ...e,
      // Without a readable body only a 5xx or 429 is worth repeating.
      retryable: e?.retryable ?? (res.status > 499 || res.status === 429),
      status: res.status,
    })
  }

  /** `GET /v1/config?os=&mobile=&in_app=`: the signer answers only the wallets that fit the device. */
  config(device: Device, signal?: AbortSignal): Promise<SignerConfig> {
    // URLSearchParams writes each value as a string (`mobile` as true or false).
    const query = new URLSearchParams(device as unknown as Record<string, string>)
    return this.#call(`/v1/config?${query}`, signal)
  }

  /** `POST /v1/sessions` with a catalog sku (no amount: the signer prices it). */
  createSession(sku: string, quantity: number, signal?: AbortSignal): Promise<PublicSession> {
    return this.#call('/v1/sessions', signal, { sku, quantity } satisfies SkuSessionBody)
  }

  /** `GET /v1/sessions/:id?client_secret=`: the public view of a session. */
  session(id: string, secret: string, signal?: AbortSignal): Promise<PublicSession> {
    return this.#call(
      `/v1/sessions/${encodeURIComponent(id)}?client_secret=${encodeURIComponent(secret)}`,
      signal,
    )
  }

  /**
   * `POST /v1/sessions/:id/<action>` with the client secret: `payments` (start or resume a payment
   * with one wallet), `apple-pay/validate` (Apple's merchant session, as is) or `apple-pay/payments`
   * (the token's `paymentData`; answers a final status) or `google-pay/payments` (Google Pay's
   * gateway token; answers like Apple Pay's). Typed per action by `SessionActions`, both ways: one
   * method at run time, so each endpoint costs the script-tag file no bytes.
   */
  post<A extends keyof SessionActions>(
    id: string,
    secret: string,
    action: A,
    body: SessionActions[A]['body'],
  ): Promise<SessionActions[A]['answer']> {
    return this.#call(`/v1/sessions/${encodeURIComponent(id)}/${action}`, undefined, {
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
