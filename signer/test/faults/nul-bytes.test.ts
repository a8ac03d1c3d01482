import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCatalog } from '../../src/catalog/catalog.js'
import { API_KEY, type Fixture, SHOP, startFixture } from './fixture.js'

/**
 * A NUL in an id, a query value or a JSON string, through the real app and store: PostgreSQL text
 * cannot hold one, so it must never reach the store (the Postgres run of the HTTP fuzz found the
 * 500). Each is a 400 naming the field, on SQLite as on PostgreSQL.
 */
let fx: Fixture
let session: { id: string; client_secret: string }
beforeAll(async () => {
  fx = await startFixture({
    catalog: createCatalog({ products: [{ sku: 'tea', price: '12.00', subject: 'Tea' }] }),
  })
  session = await fx.createSession()
})
afterAll(async () => {
  await fx?.close()
})

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${fx.url}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { origin: SHOP, authorization: `Bearer ${API_KEY}`, ...init.headers },
  })

describe('NUL characters', () => {
  it('in an id: 404, never a 500', async () => {
    for (const path of [
      '/v1/sessions/%00',
      `/v1/sessions/${session.id}%00`,
      '/v1/refunds/%00',
      '/v1/gateway/return/%00',
    ]) {
      const res = await call(path)
      expect(res.status, path).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found')
    }
    const pay = await call('/v1/sessions/%00/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_secret: session.client_secret, wallet: 'ALIPAYHK' }),
    })
    expect(pay.status).toBe(404)
  })

  it('in a query value: 400 naming it', async () => {
    const res = await call(`/v1/sessions/${session.id}?client_secret=%00`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('client_secret')
  })
})

const NUL = String.fromCharCode(0)

/** POSTs JSON (with or without the API key) and answers the status and the error's param. */
async function post(path: string, body: object, key = true) {
  const res = await call(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? {} : { authorization: '' }),
    },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as { error?: { param?: string; message?: string } }
  return { status: res.status, param: json.error?.param, message: json.error?.message }
}

describe('NUL characters in a JSON body: 400 naming the field', () => {
  const merchantSession = {
    amount: '10.00',
    currency: 'HKD',
    subject: 'Tea',
    success_url: `${SHOP}/ok`,
    cancel_url: `${SHOP}/no`,
  }

  it("the merchant's session: subject, body, reference, return addresses", async () => {
    for (const [field, value] of [
      ['subject', `Tea${NUL}`],
      ['body', `Oolong${NUL}leaves`],
      ['reference', `order-1${NUL}`],
      ['success_url', `${SHOP}/ok${NUL}`],
      ['cancel_url', `${SHOP}/no?x=${NUL}`],
    ] as const) {
      const res = await post('/v1/sessions', { ...merchantSession, [field]: value })
      expect(res, field).toMatchObject({ status: 400, param: field })
      expect(res.message, field).toContain('NUL')
    }
  })

  it("the browser's sku flow (no API key): success_url and cancel_url", async () => {
    for (const field of ['success_url', 'cancel_url']) {
      const res = await post(
        '/v1/sessions',
        { sku: 'tea', quantity: 1, [field]: `${SHOP}/back${NUL}` },
        false,
      )
      expect(res, field).toMatchObject({ status: 400, param: field })
    }
  })

  it('the refund reason', async () => {
    const session = await fx.createSession()
    const { body: payment } = await fx.startPayment(session)
    await fx.press(payment.next_action.url, 'success')
    await fx.sandbox.idle()
    expect((await fx.session(session.id)).status).toBe('paid')
    const res = await post('/v1/refunds', { payment_id: payment.id, reason: `changed${NUL}mind` })
    expect(res).toMatchObject({ status: 400, param: 'reason' })
    expect((await fx.session(session.id)).refunds).toHaveLength(0)
  })
})
