import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSigner } from '../../src/main.js'
import { databaseUrlFor } from '../postgres/test-store.js'

/**
 * An independent merchant backend and shopper, written only against README.md and docs/api.md
 * with raw fetch. The only import from the signer is what starts it. Whatever the signer does
 * inside, these are the promises a merchant relies on.
 */

const API_KEY = 'sk_merchant_client_test_9f8e7d6c5b4a3210'
const WEBHOOK_SECRET = 'whsec_merchant_client_test_0123456789'
const SHOP = 'http://127.0.0.1:5173'
const GATEWAY_SECRET = 'merchant-client-gateway-secret-000'

let base = ''
let close: () => Promise<void> = async () => {}
let hooks: Server
const webhookBodies: Array<{ body: string; header: string }> = []
const logs: string[] = []
const responses: string[] = []
const dir = mkdtempSync(join(tmpdir(), 'merchant-client-'))

beforeAll(async () => {
  hooks = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      webhookBodies.push({ body, header: String(req.headers['eftpay-signature'] ?? '') })
      res.writeHead(204).end()
    })
  })
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve))
  const hookPort = (hooks.address() as AddressInfo).port
  const signer = await startSigner({
    env: {
      PORT: '0',
      DATABASE_URL: databaseUrlFor(`${dir}/merchant.db`),
      SIGNER_API_KEY: API_KEY,
      EFTPAY_SECRET: GATEWAY_SECRET,
      ALLOWED_ORIGINS: SHOP,
      MERCHANT_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/eftpay`,
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      LOG_LEVEL: 'debug',
    },
    logDestination: new Writable({
      write(chunk, _e, done) {
        logs.push(String(chunk))
        done()
      },
    }),
    defaultMetrics: false,
    webhookIntervalMs: 50,
  })
  base = signer.url
  close = () => signer.close()
})

afterAll(async () => {
  await close()
  await new Promise<void>((resolve) => hooks.close(() => resolve()))
  rmSync(dir, { recursive: true, force: true })
})

/** Every response body is kept, to check that none ever carries a secret. */
async function call(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init })
  const text = await res.text()
  responses.push(text, JSON.stringify([...res.headers]))
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // HTML or empty
  }
  return { status: res.status, body, headers: res.headers }
}

const backend = (path: string, body?: unknown) =>
  call(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

const browser = (path: string, body?: unknown) =>
  call(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { origin: SHOP, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })

/** A merchant verifying a webhook by the documented rule, without the signer's helper. */
function webhookSignatureValid(body: string, header: string): boolean {
  const t = /t=(\d+)/.exec(header)?.[1]
  const v1 = [...header.matchAll(/v1=([0-9a-f]+)/g)].map((m) => m[1])
  if (!t) return false
  const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex')
  return v1.includes(expected) && Math.abs(Date.now() / 1000 - Number(t)) < 300
}

let sessionId = ''
let clientSecret = ''

describe('a merchant and a shopper', () => {
  it('the widget learns the configuration', async () => {
    const { status, body } = await browser('/v1/config?os=ios&mobile=true&in_app=none')
    expect(status).toBe(200)
    expect(body.mode).toBe('sandbox')
    expect(body.wallets).toContain('ALIPAYHK')
    expect(body.languages).toEqual(['en', 'zh-HK', 'zh-CN'])
  })

  it('the backend creates a session', async () => {
    const { status, body } = await backend('/v1/sessions', {
      amount: '88.00',
      currency: 'HKD',
      subject: 'Iron Buddha 100 g',
      reference: 'ORDER-77',
      success_url: `${SHOP}/thanks`,
      cancel_url: `${SHOP}/cart`,
    })
    expect(status).toBe(201)
    expect(body).toMatchObject({
      object: 'session',
      status: 'open',
      amount: '88.00',
      currency: 'HKD',
      reference: 'ORDER-77',
    })
    expect(body.id).toMatch(/^cs_/)
    expect(body.client_secret.startsWith(`${body.id}_secret_`)).toBe(true)
    sessionId = body.id
    clientSecret = body.client_secret
  })

  it('the shopper pays on the sandbox page, is sent back, and the session is paid', async () => {
    const start = await browser(`/v1/sessions/${sessionId}/payments`, {
      client_secret: clientSecret,
      wallet: 'ALIPAYHK',
      device: { os: 'android', mobile: true, in_app: 'none' },
      lang: 'zh-HK',
    })
    expect(start.status).toBe(201)
    expect(start.body).toMatchObject({
      object: 'payment',
      status: 'pending',
      amount: '88.00',
      next_action: { type: 'redirect' },
    })
    const payUrl: string = start.body.next_action.url
    expect((await fetch(payUrl)).status).toBe(200)
    const result = await fetch(payUrl, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'success' }),
      redirect: 'manual',
    })
    const html = await result.text()

    // The browser auto-submits the return form (or follows a redirect) to the signer's return address.
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&')
    expect(action).toContain(`/v1/gateway/return/${sessionId}`)
    const fields = new URLSearchParams()
    for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
      fields.append(m[1] ?? '', (m[2] ?? '').replace(/&amp;/g, '&'))

    let paid: any
    for (let i = 0; i < 200; i++) {
      paid = (await backend(`/v1/sessions/${sessionId}`)).body
      if (paid.status === 'paid') break
      await new Promise((r) => setTimeout(r, 25))
    }
    expect(paid.status).toBe('paid')
    expect(paid.amount_paid).toBe('88.00')
    expect(paid.payments[0]).toMatchObject({ wallet: 'ALIPAYHK', status: 'succeeded' })

    const back = await call(new URL(action ?? '').pathname, { method: 'POST', body: fields })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(`${SHOP}/thanks?session_id=${sessionId}`)

    const view = await browser(
      `/v1/sessions/${sessionId}?client_secret=${encodeURIComponent(clientSecret)}`,
    )
    expect(view.status).toBe(200)
    expect(view.body).toMatchObject({ status: 'paid', amount: '88.00' })
    expect(view.body).not.toHaveProperty('client_secret')
    expect(view.body).not.toHaveProperty('reference')
  })

  it('the merchant gets signed webhooks it can verify by the documented rule', async () => {
    for (let i = 0; i < 200 && !webhookBodies.some((w) => w.body.includes('"session.paid"')); i++)
      await new Promise((r) => setTimeout(r, 25))
    const paid = webhookBodies.find((w) => JSON.parse(w.body).type === 'session.paid')
    expect(paid).toBeDefined()
    expect(webhookSignatureValid(paid?.body ?? '', paid?.header ?? '')).toBe(true)
    expect(webhookSignatureValid(`${paid?.body}x`, paid?.header ?? '')).toBe(false)
  })

  it('the backend refunds part of it', async () => {
    const { status, body } = await backend('/v1/refunds', {
      session_id: sessionId,
      amount: '8.00',
      reason: 'customer request',
    })
    expect(status).toBe(201)
    expect(body).toMatchObject({
      object: 'refund',
      amount: '8.00',
      currency: 'HKD',
      session_id: sessionId,
    })
    let refund: any
    for (let i = 0; i < 200; i++) {
      refund = (await backend(`/v1/refunds/${body.id}`)).body
      if (refund.status !== 'pending') break
      await new Promise((r) => setTimeout(r, 25))
    }
    expect(refund.status).toBe('succeeded')
    const session = (await backend(`/v1/sessions/${sessionId}`)).body
    expect(session).toMatchObject({ status: 'partially_refunded', amount_refunded: '8.00' })
  })
})

describe('what nobody can do', () => {
  it('a browser cannot set an amount', async () => {
    const { status, body } = await browser('/v1/sessions', {
      sku: 'milk-tea',
      quantity: 1,
      amount: '0.01',
    })
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'amount_not_allowed', param: 'amount' })
    const noSku = await browser('/v1/sessions', {
      amount: '0.01',
      currency: 'HKD',
      subject: 'x',
      success_url: SHOP,
      cancel_url: SHOP,
    })
    expect(noSku.status).toBe(400)
    const priced = await browser('/v1/sessions', { sku: 'milk-tea', quantity: 2 })
    expect(priced.status).toBe(201)
    expect(priced.body.amount).toBe('64.00') // 2 x milk tea, signer/examples/catalog.json
  })

  it('a wrong client secret gets nothing', async () => {
    const wrong = `${sessionId}_secret_${'A'.repeat(32)}`
    expect((await browser(`/v1/sessions/${sessionId}?client_secret=${wrong}`)).status).toBe(403)
    const pay = await browser(`/v1/sessions/${sessionId}/payments`, {
      client_secret: wrong,
      wallet: 'ALIPAYHK',
      device: { os: 'ios', mobile: true, in_app: 'none' },
    })
    expect(pay.status).toBe(403)
    expect(pay.body.error.code).toBe('invalid_client_secret')
  })

  it('a forged notification changes nothing', async () => {
    const created = await backend('/v1/sessions', {
      amount: '10.00',
      currency: 'HKD',
      subject: 'x',
      success_url: `${SHOP}/a`,
      cancel_url: `${SHOP}/b`,
    })
    const start = await browser(`/v1/sessions/${created.body.id}/payments`, {
      client_secret: created.body.client_secret,
      wallet: 'ALIPAYHK',
      device: { os: 'ios', mobile: true, in_app: 'none' },
    })
    const p = start.body
    const forged = {
      notify_type: 'trade_status_sync',
      user_confirm_key: 'SANDBOX00001',
      out_trade_no: p.out_trade_no,
      eft_trade_no: p.eft_trade_no,
      total_fee: '10.00',
      currency: 'HKD',
      trade_status: 'TRADE_SUCCESS',
      time: '20261121200000',
      sign: 'f'.repeat(64),
    }
    const res = await call('/v1/gateway/notify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(forged),
    })
    expect(res.status).toBe(400)
    expect((await backend(`/v1/sessions/${created.body.id}`)).body.status).toBe('open')
  })

  it('the API key is needed for merchant endpoints, and a browser cannot guess it', async () => {
    expect((await browser('/v1/refunds', { session_id: sessionId })).status).toBe(401)
    const wrong = await call('/v1/refunds', {
      method: 'POST',
      headers: { authorization: 'Bearer sk_guess', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(wrong.status).toBe(401)
  })

  it('no response and no log line ever contains the gateway secret or the API key', async () => {
    await call('/openapi.json')
    await call('/metrics')
    await call('/v1/config')
    const everything = responses.join('\n')
    expect(everything).not.toContain(GATEWAY_SECRET)
    expect(everything).not.toContain(API_KEY)
    expect(everything).not.toContain(WEBHOOK_SECRET)
    const log = logs.join('')
    expect(log.length).toBeGreaterThan(0)
    for (const secret of [GATEWAY_SECRET, API_KEY, WEBHOOK_SECRET, clientSecret])
      expect(log).not.toContain(secret)
  })
})
