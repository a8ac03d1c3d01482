import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GatewayClient } from '../../src/gateway/client.js'
import {
  createSession,
  eventually,
  getSession,
  movableClock,
  SHOP,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * Google Pay over real HTTP against the built-in sandbox (docs/api.md, docs/protocol.md
 * "Google Pay"): the widget posts Google's token string; the signer places one token payment
 * and answers its status; declines, processing, a double submit, a refund, and the refusals.
 */

// Google's token is a JSON string; the sandbox's rules look for DECLINE / PROCESSING in it.
const googleToken = (marker = 'OK') =>
  JSON.stringify({
    signature: 'MEUCIQ',
    intermediateSigningKey: { signedKey: 'k', signatures: ['s'] },
    protocolVersion: 'ECv2',
    signedMessage: `{"encryptedMessage":"R1BBWV9DQVJEX0RBVEE${marker}"}`,
  })

let signer: TestSigner
const time = movableClock()
const tmp = tempDir()

beforeAll(async () => {
  signer = await startTestSigner({
    dbFile: `${tmp.dir}/google-pay.db`,
    clock: time.clock,
    env: { LOG_LEVEL: 'trace' },
  })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

interface PaymentJson {
  id: string
  status: string
  wallet: string
  out_trade_no: string
}

function pay(session: { id: string; client_secret: string }, body: Record<string, unknown> = {}) {
  return signer.api(`/v1/sessions/${session.id}/google-pay/payments`, {
    key: false,
    headers: { origin: SHOP },
    json: { client_secret: session.client_secret, token: googleToken(), ...body },
  })
}

const sandbox = (path: string, init?: RequestInit) => fetch(`${signer.url}/sandbox${path}`, init)

describe('Google Pay', () => {
  it('says what the widget needs in /v1/config (TEST in sandbox mode)', async () => {
    const res = await signer.api('/v1/config', { key: false })
    expect(await res.json()).toMatchObject({
      google_pay: {
        enabled: true,
        environment: 'TEST',
        gateway: 'mpgs',
        gateway_merchant_id: 'eftpay-sandbox',
        allowed_card_networks: ['VISA', 'MASTERCARD', 'AMEX'],
        allowed_auth_methods: ['PAN_ONLY', 'CRYPTOGRAM_3DS'],
      },
    })
  })

  it('pays with a token, answers succeeded, and never logs the token', async () => {
    const session = await createSession(signer)
    const res = await pay(session)
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(await res.json()).toMatchObject({ status: 'succeeded', wallet: 'GOOGLEPAY' })
    expect((await getSession(signer, session.id)).status).toBe('paid')
    expect(signer.logs.join('')).not.toContain('R1BBWV9DQVJEX0RBVEE')
  })

  it('answers a declined token, and an amount ending in .77, as failed', async () => {
    const declined = await createSession(signer)
    const res = await pay(declined, { token: googleToken('DECLINE') })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ status: 'failed', wallet: 'GOOGLEPAY' })
    expect((await getSession(signer, declined.id)).status).toBe('open')
    const cents77 = await createSession(signer, { amount: '10.77' })
    expect(await (await pay(cents77)).json()).toMatchObject({ status: 'failed' })
  })

  it('keeps TRADE_PROCESSING pending, then a query settles it succeeded', async () => {
    const session = await createSession(signer)
    const res = await pay(session, { token: googleToken('PROCESSING') })
    expect(res.status).toBe(201)
    const payment = (await res.json()) as PaymentJson
    expect(payment.status).toBe('pending')
    // The notification is lost: only the reconciler's query can settle the payment.
    await sandbox('/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notify: { drop: 1 } }),
    })
    // The shopper's bank answers later: settle the order on the sandbox's page (found by a query).
    const { eft_trade_no: eftTradeNo } = await (
      signer.service as unknown as { core: { gateway: GatewayClient } }
    ).core.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: payment.out_trade_no,
    })
    const pressed = await sandbox(`/pay/${eftTradeNo}`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'success' }),
      redirect: 'manual',
    })
    expect(pressed.status).toBeLessThan(400)
    await signer.sandbox?.idle()
    expect((await getSession(signer, session.id)).status).toBe('open')
    time.advance(60_000)
    await signer.service.reconcile()
    expect((await getSession(signer, session.id)).status).toBe('paid')
  })

  it('refuses a second submit while the first is with eftPay (409), placing one order', async () => {
    const session = await createSession(signer)
    // eftPay is slow to answer this one token payment (and its notification is lost, so only the
    // reply can settle it).
    await sandbox('/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        servlet: 'JSAPIService.do',
        latency_ms: 5_000,
        count: 1,
        notify: { drop: 1 },
      }),
    })
    const first = pay(session)
    await eventually(async () => (await getSession(signer, session.id)).payments.length === 1)
    const second = await pay(session)
    const refusal = await second.json()
    expect(second.status, JSON.stringify(refusal)).toBe(409)
    expect(refusal).toMatchObject({ error: { code: 'payment_in_progress' } })
    expect(await (await first).json()).toMatchObject({ status: 'succeeded' })
    expect((await getSession(signer, session.id)).payments).toHaveLength(1)
  })

  it('refunds a Google Pay payment', async () => {
    const session = await createSession(signer, { amount: '42.00' })
    const payment = (await (await pay(session)).json()) as PaymentJson
    const res = await signer.api('/v1/refunds', { json: { payment_id: payment.id } })
    expect(res.status).toBe(201)
    const refund = (await res.json()) as { id: string }
    const done = await eventually(async () => {
      time.advance(60_000)
      await signer.service.reconcile()
      const r = (await (await signer.api(`/v1/refunds/${refund.id}`)).json()) as { status: string }
      return r.status === 'succeeded' ? r : undefined
    })
    expect(done.status).toBe('succeeded')
    expect((await getSession(signer, session.id)).status).toBe('refunded')
  })

  it('refuses a wrong client secret (403) and a bad body naming the field (400)', async () => {
    const session = await createSession(signer)
    const forbidden = await pay(session, { client_secret: 'cs_wrong_secret' })
    expect(forbidden.status).toBe(403)
    const empty = await pay(session, { token: '' })
    expect(empty.status).toBe(400)
    expect(await empty.json()).toMatchObject({ error: { param: 'token' } })
    const notString = await pay(session, { token: { data: 'x' } })
    expect(notString.status).toBe(400)
    expect(await notString.json()).toMatchObject({ error: { param: 'token' } })
    const tooLong = await pay(session, { token: 'x'.repeat(16_385) })
    expect(tooLong.status).toBe(400)
  })
})

describe('Google Pay disabled', () => {
  it('answers 404 google_pay_not_enabled and says so in /v1/config', async () => {
    const dir = tempDir()
    const other = await startTestSigner({
      dbFile: `${dir.dir}/disabled.db`,
      env: { EFTPAY_WALLETS: 'ALIPAYHK,APPLEPAY' },
    })
    try {
      const config = (await (await other.api('/v1/config', { key: false })).json()) as {
        google_pay: unknown
      }
      expect(config.google_pay).toEqual({ enabled: false, gateway: 'mpgs' })
      const session = await createSession(other)
      const res = await other.api(`/v1/sessions/${session.id}/google-pay/payments`, {
        key: false,
        json: { client_secret: session.client_secret, token: googleToken() },
      })
      expect(res.status).toBe(404)
      expect(await res.json()).toMatchObject({ error: { code: 'google_pay_not_enabled' } })
    } finally {
      await other.close()
      dir.remove()
    }
  })
})
