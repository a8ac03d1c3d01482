/**
 * The demo merchant backend's client for the signer's merchant API (docs/api.md). It holds the API
 * key, which never leaves this process: the browser only ever sees a session's `client_secret`.
 */

/** An error answer from the signer, with its status and the `error` object of docs/api.md. */
export class SignerApiError extends Error {
  /**
   * @param {number} status
   * @param {{ type?: string, code?: string, message?: string, param?: string }} error
   */
  constructor(status, error) {
    super(error.message ?? `signer answered ${status}`)
    this.name = 'SignerApiError'
    this.status = status
    this.error = error
  }
}

/**
 * @param {{ signerUrl: string, apiKey: string, fetch?: typeof fetch }} options
 */
export function createSignerApi({ signerUrl, apiKey, fetch: fetchImpl = fetch }) {
  /** @param {string} method @param {string} path @param {unknown} [body] */
  async function call(method, path, body) {
    const res = await fetchImpl(`${signerUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(15_000),
    })
    const text = await res.text()
    let json
    try {
      json = text ? JSON.parse(text) : {}
    } catch {
      throw new SignerApiError(res.status, {
        type: 'api_error',
        code: 'bad_reply',
        message: 'the signer answered something that is not JSON',
      })
    }
    if (!res.ok)
      throw new SignerApiError(
        res.status,
        json.error ?? { message: `signer answered ${res.status}` },
      )
    return json
  }

  return {
    /** `POST /v1/sessions` with the API key: the merchant decides the amount. */
    createSession: (input) => call('POST', '/v1/sessions', input),
    /** `GET /v1/sessions/:id`: the merchant view with payments and refunds. */
    getSession: (id) => call('GET', `/v1/sessions/${encodeURIComponent(id)}`),
    /** `POST /v1/refunds`: `session_id` or `payment_id`, `amount`? (default: what is left). */
    createRefund: (input) => call('POST', '/v1/refunds', input),
    /** `GET /v1/refunds/:id`: the signer asks the gateway again while the refund is pending. */
    getRefund: (id) => call('GET', `/v1/refunds/${encodeURIComponent(id)}`),
    /** The sandbox's log of signed gateway exchanges (sandbox mode only). */
    exchanges: async (limit) => {
      const res = await fetchImpl(`${signerUrl}/sandbox/exchanges?limit=${limit}`, {
        signal: AbortSignal.timeout(5_000),
      })
      if (!res.ok)
        throw new SignerApiError(res.status, {
          message: `the sandbox answered ${res.status} for /sandbox/exchanges`,
        })
      return res.json()
    },
  }
}
