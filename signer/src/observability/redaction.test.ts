import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  API_KEY,
  choose,
  createSession,
  eventually,
  followReturn,
  getSession,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
  webhookReceiver,
} from '../../test/integration/harness.js'

/**
 * A full flow through the real signer at the most verbose log level, then a search of everything
 * it wrote: the gateway secret, the API key, the webhook secret, client secrets and Apple Pay
 * and Google Pay tokens never appear, and every line written while a request was handled carries its request id.
 */

const GATEWAY_SECRET = 'gw_redaction_probe_SECRET_0a1b2c3d'
const WEBHOOK_SECRET = 'whsec_redaction_probe_WEBHOOK_77665544'
const TOKEN_DATA = 'QVBQTEVfUEFZX1RPS0VOX0NBUkRfREFUQV9wcm9iZQ=='
const TOKEN_SIGNATURE = 'U0lHTkFUVVJFX3Byb2JlX2FwcGxlX3BheQ=='
const GOOGLE_TOKEN_PROBE = 'R09PR0xFX1BBWV9UT0tFTl9wcm9iZQ'
const GOOGLE_TOKEN = JSON.stringify({
  protocolVersion: 'ECv2',
  signature: 'MEUC',
  signedMessage: `{"encryptedMessage":"${GOOGLE_TOKEN_PROBE}"}`,
})

let signer: TestSigner
const tmp = tempDir()
let hooks: Awaited<ReturnType<typeof webhookReceiver>>

beforeAll(async () => {
  hooks = await webhookReceiver()
  signer = await startTestSigner({
    dbFile: `${tmp.dir}/redaction.db`,
    env: {
      EFTPAY_SECRET: GATEWAY_SECRET,
      MERCHANT_WEBHOOK_URL: hooks.url,
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LOG_LEVEL: 'trace',
    },
  })
})
afterAll(async () => {
  await signer.close()
  await hooks.close()
  tmp.remove()
})

describe('logs of a full flow', () => {
  it('never contain a secret, the API key, a client secret or an Apple Pay token; every request line has its id', async () => {
    const api = (path: string, init: Parameters<TestSigner['api']>[1] = {}) =>
      signer.api(path, { key: API_KEY, ...init })
    // Wallet payment: session, start, pay on the sandbox page, notification, return, webhooks.
    const created = await api('/v1/sessions', {
      json: {
        amount: '42.00',
        currency: 'HKD',
        subject: 'Pu-erh',
        success_url: 'http://127.0.0.1:5173/ok',
        cancel_url: 'http://127.0.0.1:5173/cart',
      },
    })
    expect(created.status).toBe(201)
    const session = (await created.json()) as Awaited<ReturnType<typeof createSession>>
    // A browser read with the client secret in the query string (the widget's polling).
    await signer.api(`/v1/sessions/${session.id}?client_secret=${session.client_secret}`, {
      key: false,
      headers: { origin: 'http://127.0.0.1:5173' },
    })
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    await followReturn(await choose(payment.next_action?.url ?? '', 'success'))
    await signer.sandbox?.idle()
    expect((await getSession(signer, session.id)).status).toBe('paid')

    // A refund by the merchant's backend.
    const refund = await api('/v1/refunds', {
      json: { session_id: session.id, amount: '2.00', reason: 'chipped cup' },
    })
    expect(refund.status).toBeLessThan(300)

    // Apple Pay: the token is card data.
    const second = await createSession(signer)
    const token = {
      version: 'EC_v1',
      data: TOKEN_DATA,
      signature: TOKEN_SIGNATURE,
      header: { ephemeralPublicKey: 'a', publicKeyHash: 'b', transactionId: 'c' },
    }
    const apple = await signer.api(`/v1/sessions/${second.id}/apple-pay/payments`, {
      key: false,
      headers: { origin: 'http://127.0.0.1:5173' },
      json: { client_secret: second.client_secret, token },
    })
    expect(apple.status).toBe(201)

    // Google Pay: the token string is card data too (a declined one, so the session stays as is).
    const third = await createSession(signer, { amount: '9.77' })
    const google = await signer.api(`/v1/sessions/${third.id}/google-pay/payments`, {
      key: false,
      headers: { origin: 'http://127.0.0.1:5173' },
      json: { client_secret: third.client_secret, token: GOOGLE_TOKEN },
    })
    expect(google.status).toBe(201)

    // Refusals: a wrong API key, and a forged notification.
    expect((await signer.api('/v1/sessions', { key: `${API_KEY}x`, json: {} })).status).toBe(401)
    const forged = await fetch(`${signer.url}/v1/gateway/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        out_trade_no: 'x',
        trade_status: 'TRADE_SUCCESS',
        sign: 'forged',
        secret: GATEWAY_SECRET,
      }),
    })
    expect(forged.status).toBe(400)
    await eventually(() => (hooks.received.length >= 3 ? true : undefined))
    expect((await getSession(signer, second.id)).status).toBe('paid')

    // Code that logs what it should not: the nets still hold.
    signer.logger.info(
      {
        headers: { authorization: `Bearer ${API_KEY}` },
        deep: { a: { b: { c: { token_id: JSON.stringify(token), note: `key=${API_KEY}` } } } },
        body: { client_secret: third.client_secret, token: GOOGLE_TOKEN },
        err: new Error(`gateway said no to ${GATEWAY_SECRET}`),
      },
      `mistake with ${WEBHOOK_SECRET}`,
    )

    const text = signer.logs.join('')
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.length).toBeGreaterThan(20)
    for (const secret of [
      API_KEY,
      GATEWAY_SECRET,
      WEBHOOK_SECRET,
      session.client_secret,
      second.client_secret,
      TOKEN_DATA,
      TOKEN_SIGNATURE,
      third.client_secret,
      GOOGLE_TOKEN_PROBE,
    ]) {
      expect(text, `log contains ${secret.slice(0, 12)}…`).not.toContain(secret)
    }
    expect(text).toContain('[redacted]')

    // Request-scoped lines: the access lines and what the money core logged while handling them.
    const accessLines = lines.filter((l) => l.msg === 'request')
    expect(accessLines.length).toBeGreaterThan(5)
    expect(accessLines.every((l) => typeof l.request_id === 'string')).toBe(true)
    const verified = lines.filter((l) => l.msg === 'notification signature verified')
    expect(verified.length).toBeGreaterThan(0)
    expect(verified.every((l) => typeof l.request_id === 'string')).toBe(true)
  })
})
