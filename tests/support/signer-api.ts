import { apiKey, signerUrl } from './env.js'

/**
 * The signer's merchant API as a test uses it (Bearer API key, docs/api.md): to read what really
 * happened to a session (its payments' `service` and status), not what a page says.
 */

export interface MerchantPayment {
  id: string
  wallet: string
  service: string
  status: 'pending' | 'succeeded' | 'failed' | 'expired'
  eft_trade_no?: string
}

export interface MerchantSession {
  id: string
  status: 'open' | 'paid' | 'expired' | 'partially_refunded' | 'refunded'
  amount: string
  amount_refunded: string
  payments: MerchantPayment[]
  refunds: { id: string; amount: string; status: string }[]
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${signerUrl()}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${apiKey()}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  const json = (await res.json()) as T
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`)
  return json
}

export const getSession = (id: string): Promise<MerchantSession> =>
  call('GET', `/v1/sessions/${id}`)

/** A session created straight through the API (for amounts the menu does not have, e.g. Apple Pay's .77). */
export const createSession = (
  input: Record<string, unknown>,
): Promise<MerchantSession & { client_secret: string }> => call('POST', '/v1/sessions', input)

/** The newest payment of a session, once it exists. */
export async function latestPayment(sessionId: string): Promise<MerchantPayment | undefined> {
  const session = await getSession(sessionId)
  return session.payments.at(-1)
}
