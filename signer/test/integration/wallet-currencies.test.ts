import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSession,
  getSession,
  SHOP,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * Each wallet takes only some currencies (docs/protocol.md "Currencies per wallet"): eftPay's
 * token pages take HKD only, so a CNY session must not be paid with Apple Pay or Google Pay. The
 * config says which wallet takes which currency (the widget asks for it beside the session), and the
 * signer refuses a payment in a currency its wallet does not take before anything reaches eftPay.
 */

let signer: TestSigner
const tmp = tempDir()
const PHONE = { os: 'ios', mobile: true, in_app: 'none' }

beforeAll(async () => {
  signer = await startTestSigner({ dbFile: `${tmp.dir}/wallet-currencies.db` })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

const browserPost = (path: string, json: unknown) =>
  signer.api(path, { key: false, headers: { origin: SHOP }, json })

const applePayToken = {
  version: 'EC_v1',
  data: 'c2FuZGJveA==',
  signature: 'c2ln',
  header: { ephemeralPublicKey: 'a', publicKeyHash: 'b', transactionId: 'c' },
}

describe('currencies per wallet', () => {
  it('GET /v1/config lists the currencies each offered wallet takes', async () => {
    const config = (await (await signer.api('/v1/config', { key: false })).json()) as {
      wallets: string[]
      wallet_currencies: Record<string, string[]>
    }
    expect(config.wallet_currencies).toMatchObject({
      APPLEPAY: ['HKD'],
      GOOGLEPAY: ['HKD'],
      ALIPAYCN: ['HKD', 'CNY'],
      WECHATCN: ['HKD', 'CNY'],
      OCT: ['HKD'],
    })
    // Every wallet the config offers has its currencies listed.
    for (const wallet of config.wallets) expect(config.wallet_currencies[wallet]).toBeDefined()
  })

  for (const [path, name, body] of [
    ['apple-pay/payments', 'Apple Pay', { token: applePayToken }],
    ['google-pay/payments', 'Google Pay', { token: '{"protocolVersion":"ECv2"}' }],
    ['payments', 'Octopus', { wallet: 'OCT', device: PHONE }],
  ] as const) {
    it(`refuses ${name} for a CNY session with a 400 naming the wallet and the currency`, async () => {
      const session = await createSession(signer, { currency: 'CNY' })
      const res = await browserPost(`/v1/sessions/${session.id}/${path}`, {
        client_secret: session.client_secret,
        ...body,
      })
      expect(res.status).toBe(400)
      const { error } = (await res.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe('currency_not_supported')
      expect(error.message).toContain(name)
      expect(error.message).toContain('CNY')
      // Nothing was placed: no payment, the session still open.
      const after = await getSession(signer, session.id)
      expect(after.payments).toEqual([])
      expect(after.status).toBe('open')
    })
  }

  it('still pays a CNY session with a wallet that takes CNY', async () => {
    const session = await createSession(signer, { currency: 'CNY' })
    const res = await browserPost(`/v1/sessions/${session.id}/payments`, {
      client_secret: session.client_secret,
      wallet: 'ALIPAYCN',
      device: PHONE,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ currency: 'CNY', status: 'pending' })
  })

  it('still takes Apple Pay for an HKD session', async () => {
    const session = await createSession(signer)
    const res = await browserPost(`/v1/sessions/${session.id}/apple-pay/payments`, {
      client_secret: session.client_secret,
      token: applePayToken,
    })
    expect(res.status).toBe(201)
  })
})
