import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { memoryTokenBuckets } from '../../src/middleware/rate-limit.js'
import { API_KEY, DEVICE, json, merchant, SESSION_BODY, SHOP, testApp } from './helpers.js'

type ErrorBody = {
  error: { type: string; code: string; message: string; param?: string; retryable: boolean }
}

/** Asserts the docs/api.md error shape and returns it. */
async function expectError(
  res: Response,
  status: number,
  code: string,
  param?: string,
): Promise<ErrorBody['error']> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toContain('application/json')
  const body = (await res.json()) as ErrorBody
  expect(Object.keys(body)).toEqual(['error'])
  expect(body.error.code).toBe(code)
  expect(typeof body.error.type).toBe('string')
  expect(body.error.message.length).toBeGreaterThan(10)
  expect(typeof body.error.retryable).toBe('boolean')
  if (param !== undefined) expect(body.error.param).toBe(param)
  return body.error
}

async function createSession(app: ReturnType<typeof testApp>['app']) {
  const res = await app.request('/v1/sessions', merchant(SESSION_BODY))
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; client_secret: string }
}

describe('validation (400)', () => {
  it('names a missing field', async () => {
    const { app } = testApp()
    const { amount: _omit, ...body } = SESSION_BODY
    const error = await expectError(
      await app.request('/v1/sessions', merchant(body)),
      400,
      'missing_field',
      'amount',
    )
    expect(error.type).toBe('invalid_request_error')
    expect(error.message).toContain('amount')
  })

  it('names a malformed amount and says how to write it', async () => {
    const { app } = testApp()
    const error = await expectError(
      await app.request('/v1/sessions', merchant({ ...SESSION_BODY, amount: '12.345' })),
      400,
      'invalid_field',
      'amount',
    )
    expect(error.message).toContain('12.50')
  })

  it('refuses a float amount', async () => {
    const { app } = testApp()
    await expectError(
      await app.request('/v1/sessions', merchant({ ...SESSION_BODY, amount: 12.5 })),
      400,
      'invalid_field',
      'amount',
    )
  })

  it('refuses an unknown field as unknown_field', async () => {
    const { app } = testApp()
    await expectError(
      await app.request('/v1/sessions', merchant({ ...SESSION_BODY, colour: 'red' })),
      400,
      'unknown_field',
      'colour',
    )
  })

  it('names nested fields with a dotted path', async () => {
    const { app } = testApp()
    const s = await createSession(app)
    const res = await app.request(
      `/v1/sessions/${s.id}/payments`,
      json({
        client_secret: s.client_secret,
        wallet: 'ALIPAYHK',
        device: { ...DEVICE, os: 'windows' },
      }),
    )
    await expectError(res, 400, 'invalid_field', 'device.os')
  })

  it('refuses malformed JSON and non-object JSON', async () => {
    const { app } = testApp()
    await expectError(
      await app.request('/v1/sessions', {
        method: 'POST',
        headers: { authorization: `Bearer ${API_KEY}` },
        body: '{"amount":',
      }),
      400,
      'invalid_json',
    )
    await expectError(await app.request('/v1/sessions', merchant([1, 2])), 400, 'invalid_json')
  })

  it('refuses a wallet the merchant has not enabled', async () => {
    const { app } = testApp({ config: { wallets: ['ALIPAYHK'] } })
    const s = await createSession(app)
    const res = await app.request(
      `/v1/sessions/${s.id}/payments`,
      json({ client_secret: s.client_secret, wallet: 'PAYME', device: DEVICE }),
    )
    await expectError(res, 400, 'wallet_not_enabled', 'wallet')
  })
})

describe('who decides the amount', () => {
  it('refuses an amount from a browser with amount_not_allowed', async () => {
    const { app, service } = testApp()
    const res = await app.request(
      '/v1/sessions',
      json({ sku: 'milk-tea', quantity: 1, amount: '0.01' }, { origin: SHOP }),
    )
    await expectError(res, 400, 'amount_not_allowed', 'amount')
    expect(service.calls).not.toContain('createSession')
  })

  it('refuses a currency from a browser too', async () => {
    const { app } = testApp()
    await expectError(
      await app.request(
        '/v1/sessions',
        json({ sku: 'milk-tea', currency: 'CNY' }, { origin: SHOP }),
      ),
      400,
      'amount_not_allowed',
      'currency',
    )
  })

  it('prices a sku from the catalog in integer cents and hands the client secret to the browser once', async () => {
    const { app } = testApp()
    const res = await app.request(
      '/v1/sessions',
      json({ sku: 'egg-tart', quantity: 3 }, { origin: SHOP }),
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    const body = (await res.json()) as Record<string, unknown>
    expect(body.amount).toBe('37.50')
    expect(body.client_secret).toMatch(/^cs_[0-9a-f]+_secret_/)
    expect(body.success_url).toBe(`${SHOP}/`)
    expect(body).not.toHaveProperty('reference')
    const read = await app.request(
      `/v1/sessions/${String(body.id)}?client_secret=${String(body.client_secret)}`,
      { headers: { origin: SHOP } },
    )
    expect(read.status).toBe(200)
    expect(await read.json()).not.toHaveProperty('client_secret')
  })

  it('refuses an unknown sku, a bad quantity and a return URL off the allowed origins', async () => {
    const { app } = testApp()
    await expectError(
      await app.request('/v1/sessions', json({ sku: 'caviar' }, { origin: SHOP })),
      400,
      'unknown_sku',
      'sku',
    )
    await expectError(
      await app.request('/v1/sessions', json({ sku: 'milk-tea', quantity: 100 }, { origin: SHOP })),
      400,
      'invalid_field',
      'quantity',
    )
    await expectError(
      await app.request(
        '/v1/sessions',
        json({ sku: 'milk-tea', success_url: 'https://evil.example/x' }, { origin: SHOP }),
      ),
      400,
      'invalid_field',
      'success_url',
    )
  })
})

describe('authentication (401)', () => {
  it('refuses the merchant endpoints without the API key', async () => {
    const { app } = testApp()
    await expectError(
      await app.request('/v1/refunds', json({ payment_id: 'py_0123456789abcdef0123' })),
      401,
      'missing_api_key',
    )
    await expectError(await app.request('/v1/refunds/re_0123456789'), 401, 'missing_api_key')
  })

  it('refuses a wrong API key, and never echoes it', async () => {
    const { app, lines } = testApp()
    const res = await app.request(
      '/v1/sessions',
      json(SESSION_BODY, { authorization: 'Bearer sk_wrong_key_123456789' }),
    )
    const error = await expectError(res, 401, 'invalid_api_key')
    expect(JSON.stringify(error)).not.toContain('sk_wrong')
    expect(lines.join('')).not.toContain('sk_wrong')
    expect(lines.join('')).not.toContain(API_KEY)
  })

  it('asks for the API key or a client secret on a bare session read', async () => {
    const { app } = testApp()
    const s = await createSession(app)
    await expectError(await app.request(`/v1/sessions/${s.id}`), 401, 'missing_api_key')
  })
})

describe('permission (403)', () => {
  it('refuses a wrong client secret, and answers an unknown session the same way', async () => {
    const { app, service } = testApp()
    const s = await createSession(app)
    const wrong = `${s.id}_secret_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`
    const a = await expectError(
      await app.request(`/v1/sessions/${s.id}?client_secret=${wrong}`),
      403,
      'invalid_client_secret',
      'client_secret',
    )
    const b = await expectError(
      await app.request(`/v1/sessions/cs_ffffffffffffffffffff?client_secret=${wrong}`),
      403,
      'invalid_client_secret',
      'client_secret',
    )
    expect(a.message).toBe(b.message)
    const pay = await app.request(
      `/v1/sessions/${s.id}/payments`,
      json({ client_secret: wrong, wallet: 'ALIPAYHK', device: DEVICE }),
    )
    await expectError(pay, 403, 'invalid_client_secret')
    expect(service.calls).not.toContain('startPayment')
  })

  it('refuses a disallowed origin on the browser endpoints, readably (the page learns why)', async () => {
    const { app } = testApp()
    const res = await app.request('/v1/config', { headers: { origin: 'https://evil.example' } })
    await expectError(res, 403, 'origin_not_allowed')
    // The refusal is readable by that page's script; what it asked for is still refused.
    expect(res.headers.get('access-control-allow-origin')).toBe('https://evil.example')
    const ok = await app.request('/v1/config', { headers: { origin: SHOP } })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP)
    const preflight = await app.request('/v1/sessions', {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP)
  })

  it('refuses an Apple Pay validation_url that is not on an Apple host', async () => {
    const { app } = testApp()
    const s = await createSession(app)
    for (const url of [
      'https://evil.example/paymentSession',
      'http://apple-pay-gateway.apple.com/paymentservices/paymentSession',
      'https://apple-pay-gateway.apple.com.evil.example/x',
      'https://apple-pay-gateway.apple.com:8443/x',
      'https://user@apple-pay-gateway.apple.com/x',
    ]) {
      const res = await app.request(
        `/v1/sessions/${s.id}/apple-pay/validate`,
        json({ client_secret: s.client_secret, validation_url: url }),
      )
      await expectError(res, 403, 'validation_url_not_allowed', 'validation_url')
    }
    const ok = await app.request(
      `/v1/sessions/${s.id}/apple-pay/validate`,
      json({
        client_secret: s.client_secret,
        validation_url: 'https://apple-pay-gateway-cert.apple.com/paymentservices/startSession',
      }),
    )
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({
      merchantIdentifier: 'merchant.hk.test',
      merchantSessionIdentifier: expect.any(String),
    })
  })
})

describe('not found (404) and conflict (409)', () => {
  it('answers unknown sessions, refunds and paths with 404 JSON', async () => {
    const { app } = testApp()
    await expectError(
      await app.request('/v1/sessions/cs_0000000000', {
        headers: { authorization: `Bearer ${API_KEY}` },
      }),
      404,
      'session_not_found',
    )
    await expectError(
      await app.request('/v1/refunds/re_0000000000', {
        headers: { authorization: `Bearer ${API_KEY}` },
      }),
      404,
      'refund_not_found',
    )
    await expectError(await app.request('/v2/nothing'), 404, 'not_found')
  })

  it('answers 409 when paying a paid session', async () => {
    const { app, service } = testApp()
    const s = await createSession(app)
    service.sessions.set(s.id, { ...service.sessions.get(s.id)!, status: 'paid' })
    const res = await app.request(
      `/v1/sessions/${s.id}/payments`,
      json({ client_secret: s.client_secret, wallet: 'ALIPAYHK', device: DEVICE }),
    )
    await expectError(res, 409, 'session_paid')
    const apple = await app.request(
      `/v1/sessions/${s.id}/apple-pay/payments`,
      json({ client_secret: s.client_secret, token: { version: 'EC_v1', data: 'x' } }),
    )
    await expectError(apple, 409, 'session_paid')
  })
})

describe('size and rate limits', () => {
  it('refuses a body over 64 kB with 413 body_too_large', async () => {
    const { app, service } = testApp()
    const body = JSON.stringify({ ...SESSION_BODY, subject: 'x'.repeat(70 * 1024) })
    const res = await app.request('/v1/sessions', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        authorization: `Bearer ${API_KEY}`,
      },
      body,
    })
    const error = await expectError(res, 413, 'body_too_large')
    expect(error.type).toBe('invalid_request_error')
    expect(service.calls).toEqual([])
  })

  it('refuses a body over 64 kB sent without a length too', async () => {
    const { app } = testApp()
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(chunk)
        controller.close()
      },
    })
    const res = await app.request('/v1/gateway/notify', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit)
    await expectError(res, 413, 'body_too_large')
  })

  it('answers 429 with Retry-After once a browser bucket is empty, per route group', async () => {
    let now = 0
    const { app } = testApp({
      clock: () => new Date(now),
      rateLimitStore: memoryTokenBuckets({ capacity: 2, refillPerSecond: 0.5 }),
    })
    expect((await app.request('/v1/config')).status).toBe(200)
    expect((await app.request('/v1/config')).status).toBe(200)
    const limited = await app.request('/v1/config')
    const error = await expectError(limited, 429, 'rate_limited')
    expect(error.type).toBe('rate_limit_error')
    expect(error.retryable).toBe(true)
    expect(limited.headers.get('retry-after')).toBe('2')
    // Another group has its own bucket; the merchant backend is not limited.
    expect(
      (await app.request('/v1/sessions', json({ sku: 'milk-tea' }, { origin: SHOP }))).status,
    ).toBe(201)
    for (let i = 0; i < 3; i++)
      expect((await app.request('/v1/sessions', merchant(SESSION_BODY))).status).toBe(201)
    now += 2_000
    expect((await app.request('/v1/config')).status).toBe(200)
  })

  it('does not lift the limit for a bearer token that is not the API key', async () => {
    const { app } = testApp({
      clock: () => new Date(0),
      rateLimitStore: memoryTokenBuckets({ capacity: 2, refillPerSecond: 0.5 }),
    })
    const forged = { headers: { authorization: 'Bearer not-the-key' } }
    expect((await app.request('/v1/config', forged)).status).toBe(200)
    expect((await app.request('/v1/config', forged)).status).toBe(200)
    await expectError(await app.request('/v1/config', forged), 429, 'rate_limited')
  })
})

describe('gateway failures (502/504)', () => {
  it("maps a gateway timeout to 504 and a refusal to 502 without eftPay's text", async () => {
    const { app, service, lines } = testApp()
    const s = await createSession(app)
    const pay = () =>
      app.request(
        `/v1/sessions/${s.id}/payments`,
        json({ client_secret: s.client_secret, wallet: 'ALIPAYHK', device: DEVICE }),
      )
    service.failNext = new GatewayError({ kind: 'timeout', message: 'slow' })
    const timeout = await expectError(await pay(), 504, 'gateway_timeout')
    expect(timeout.retryable).toBe(true)
    service.failNext = new GatewayError({
      kind: 'rejected',
      returnStatus: '07',
      returnChar: 'merchant blocked XYZ',
      message: 'refused',
    })
    const rejected = await expectError(await pay(), 502, 'gateway_rejected')
    expect(JSON.stringify(rejected)).not.toContain('XYZ')
    // return_char is for the log only.
    expect(lines.join('')).toContain('merchant blocked XYZ')
  })

  it('renders an unexpected error as a generic 500 api_error', async () => {
    const { app, service } = testApp()
    service.getSession = async () => {
      throw new Error('database exploded')
    }
    const error = await expectError(
      await app.request('/v1/sessions/cs_0123456789', {
        headers: { authorization: `Bearer ${API_KEY}` },
      }),
      500,
      'internal',
    )
    expect(error.type).toBe('api_error')
    expect(error.message).not.toContain('exploded')
  })
})

describe('browser sessions without return addresses', () => {
  it('asks for success_url when there is no Origin and no catalog default', async () => {
    const { app } = testApp()
    await expectError(
      await app.request('/v1/sessions', json({ sku: 'milk-tea' })),
      400,
      'missing_field',
      'success_url',
    )
  })
})
