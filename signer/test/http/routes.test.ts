import { describe, expect, it } from 'vitest'
import { merchantSessionBody, paymentBody } from '../../src/contract/requests.js'
import { API_KEY, DEVICE, json, merchant, SESSION_BODY, SHOP, testApp } from './helpers.js'

/** The answers that are not refusals: shapes, redirects, operations endpoints, headers, logs. */

async function createSession(app: ReturnType<typeof testApp>['app']) {
  return (await (await app.request('/v1/sessions', merchant(SESSION_BODY))).json()) as {
    id: string
    client_secret: string
  }
}

describe('GET /v1/config', () => {
  it('lists the enabled wallets in display order and Apple Pay', async () => {
    const { app } = testApp({ config: { wallets: ['PAYME', 'ALIPAYHK', 'WECHATHK'] } })
    const body = (await (await app.request('/v1/config')).json()) as Record<string, unknown>
    expect(body).toMatchObject({
      mode: 'sandbox',
      merchant_name: 'Test Tea House',
      wallets: ['PAYME', 'ALIPAYHK', 'WECHATHK'],
      languages: ['en', 'zh-HK', 'zh-CN'],
    })
    expect(body.apple_pay).toMatchObject({
      enabled: true,
      merchant_identifier: 'merchant.hk.test',
      country_code: 'HK',
    })
  })

  it('filters wallets by the device with the routing table', async () => {
    const { app } = testApp({ config: { wallets: ['PAYME', 'ALIPAYHK', 'WECHATHK'] } })
    const inWeChat = (await (
      await app.request('/v1/config?os=ios&mobile=true&in_app=wechat')
    ).json()) as { wallets: string[] }
    expect(inWeChat.wallets).toEqual(['PAYME', 'WECHATHK'])
    const inAlipay = (await (await app.request('/v1/config?in_app=alipay')).json()) as {
      wallets: string[]
    }
    expect(inAlipay.wallets).toEqual(['PAYME', 'ALIPAYHK'])
    expect((await app.request('/v1/config?os=windows')).status).toBe(400)
  })

  it('reports Apple Pay as disabled when it is not enabled', async () => {
    const { app } = testApp({ config: { applePay: { enabled: false, merchantId: 'x' } } })
    expect(
      ((await (await app.request('/v1/config')).json()) as { apple_pay: unknown }).apple_pay,
    ).toEqual({ enabled: false })
  })
})

describe('sessions and payments', () => {
  it('creates a session for the merchant with the docs/api.md shape', async () => {
    const { app } = testApp()
    const res = await app.request(
      '/v1/sessions',
      merchant({
        ...SESSION_BODY,
        reference: 'ORDER-1042',
        body: '2 x Iron Buddha',
        expires_in: 600,
      }),
    )
    expect(res.status).toBe(201)
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(
      [
        'id',
        'object',
        'status',
        'amount',
        'currency',
        'subject',
        'body',
        'reference',
        'link_id',
        'success_url',
        'cancel_url',
        'client_secret',
        'amount_paid',
        'amount_refunded',
        'expires_at',
        'created_at',
        'payments',
        'refunds',
      ].sort(),
    )
    expect(body).toMatchObject({
      object: 'session',
      status: 'open',
      amount: '128.00',
      reference: 'ORDER-1042',
      expires_at: '2026-11-21T12:10:00.000Z',
    })
  })

  it('answers 201 for a new payment and 200 for the same pending one', async () => {
    const { app } = testApp()
    const s = await createSession(app)
    const pay = () =>
      app.request(
        `/v1/sessions/${s.id}/payments`,
        json(
          { client_secret: s.client_secret, wallet: 'ALIPAYHK', device: DEVICE, lang: 'zh-HK' },
          { origin: SHOP },
        ),
      )
    const first = await pay()
    expect(first.status).toBe(201)
    const body = (await first.json()) as { id: string; next_action: { type: string; url: string } }
    expect(body.next_action.type).toBe('redirect')
    const second = await pay()
    expect(second.status).toBe(200)
    expect(((await second.json()) as { id: string }).id).toBe(body.id)
  })

  it('gives the merchant the session with payments, and the browser only the public view', async () => {
    const { app } = testApp()
    const s = await createSession(app)
    await app.request(
      `/v1/sessions/${s.id}/payments`,
      json({ client_secret: s.client_secret, wallet: 'ALIPAYHK', device: DEVICE }),
    )
    const full = (await (
      await app.request(`/v1/sessions/${s.id}`, { headers: { authorization: `Bearer ${API_KEY}` } })
    ).json()) as { payments: unknown[] }
    expect(full.payments[0]).toMatchObject({
      wallet: 'ALIPAYHK',
      status: 'pending',
      service: expect.any(String),
      out_trade_no: expect.any(String),
    })
    const pub = (await (
      await app.request(`/v1/sessions/${s.id}?client_secret=${encodeURIComponent(s.client_secret)}`)
    ).json()) as Record<string, unknown>
    expect(Object.keys(pub).sort()).toEqual([
      'amount',
      'cancel_url',
      'currency',
      'expires_at',
      'id',
      'object',
      'payments',
      'status',
      'subject',
      'success_url',
    ])
    expect(pub.payments).toEqual([
      { id: expect.any(String), wallet: 'ALIPAYHK', status: 'pending' },
    ])
  })

  it('passes the Apple Pay token on as the JSON of paymentData and never logs it', async () => {
    const { app, service, lines } = testApp()
    const s = await createSession(app)
    const token = {
      version: 'EC_v1',
      data: 'SECRET-CARD-DATA',
      signature: 's',
      header: { transactionId: 't' },
    }
    const res = await app.request(
      `/v1/sessions/${s.id}/apple-pay/payments`,
      json({ client_secret: s.client_secret, token }),
    )
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ status: 'succeeded' })
    expect(service.calls).toContain(`payWithApplePay:${JSON.stringify(token)}`)
    expect(lines.join('')).not.toContain('SECRET-CARD-DATA')
  })
})

describe('gateway callbacks', () => {
  it('notify: hands JSON and form bodies to the service and answers its signed ack and status', async () => {
    const { app, service } = testApp()
    const ok = await app.request('/v1/gateway/notify', json({ sign: 'good', out_trade_no: 'X' }))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ return_code: 'success' })
    const form = await app.request('/v1/gateway/notify', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'sign=good&a=b',
    })
    expect(form.status).toBe(200)
    const bad = await app.request('/v1/gateway/notify', { method: 'POST', body: 'garbage' })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ return_code: 'false' })
    expect(service.calls.filter((c) => c === 'handleNotification')).toHaveLength(3)
  })

  it('return: 303 to success_url when paid, cancel_url otherwise, with session_id added', async () => {
    const { app, service } = testApp()
    const s = await createSession(app)
    const open = await app.request(`/v1/gateway/return/${s.id}`)
    expect(open.status).toBe(303)
    expect(open.headers.get('location')).toBe(`${SHOP}/cart?session_id=${s.id}`)
    // Unsigned: anyone can type this into the URL bar, so it must not reach the success page.
    const forged = await app.request(`/v1/gateway/return/${s.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'trade_status=TRADE_SUCCESS',
    })
    expect(forged.headers.get('location')).toBe(`${SHOP}/cart?session_id=${s.id}`)
    service.sessions.set(s.id, {
      ...service.sessions.get(s.id)!,
      status: 'paid',
      successUrl: `${SHOP}/thanks?order=7`,
    })
    const paid = await app.request(`/v1/gateway/return/${s.id}?trade_status=TRADE_FAIL`)
    expect(paid.headers.get('location')).toBe(`${SHOP}/thanks?order=7&session_id=${s.id}`)
    expect((await app.request('/v1/gateway/return/cs_nope')).status).toBe(404)
  })
})

describe('refunds', () => {
  it('creates and reads a refund with the API key', async () => {
    const { app, service } = testApp()
    const s = await createSession(app)
    await app.request(
      `/v1/sessions/${s.id}/payments`,
      json({ client_secret: s.client_secret, wallet: 'ALIPAYHK', device: DEVICE }),
    )
    const payment = [...service.payments.values()][0]!
    service.payments.set(payment.id, { ...payment, status: 'succeeded' })
    const res = await app.request(
      '/v1/refunds',
      merchant({ payment_id: payment.id, amount: '20.00', reason: 'customer request' }),
    )
    expect(res.status).toBe(201)
    const refund = (await res.json()) as Record<string, unknown>
    expect(refund).toMatchObject({
      object: 'refund',
      payment_id: payment.id,
      session_id: s.id,
      amount: '20.00',
      currency: 'HKD',
      reason: 'customer request',
      status: 'pending',
    })
    const read = await app.request(`/v1/refunds/${String(refund.id)}`, {
      headers: { authorization: `Bearer ${API_KEY}` },
    })
    expect(await read.json()).toEqual(refund)
  })

  it('wants exactly one of payment_id and session_id', async () => {
    const { app } = testApp()
    const both = await app.request(
      '/v1/refunds',
      merchant({ payment_id: 'py_0123456789abcdef0123', session_id: 'cs_0123456789abcdef0123' }),
    )
    expect(both.status).toBe(400)
    expect((await app.request('/v1/refunds', merchant({}))).status).toBe(400)
  })
})

describe('operations', () => {
  it('healthz is always ok; readyz follows the store', async () => {
    let healthy = true
    const { app } = testApp({
      readiness: async () => {
        if (!healthy) throw new Error('SQLITE_CANTOPEN')
      },
    })
    expect((await app.request('/healthz')).status).toBe(200)
    expect((await app.request('/readyz')).status).toBe(200)
    healthy = false
    expect((await app.request('/readyz')).status).toBe(503)
    expect((await app.request('/healthz')).status).toBe(200)
  })

  it('exposes Prometheus metrics by route pattern and status', async () => {
    const { app } = testApp()
    const s = await createSession(app)
    await app.request(`/v1/sessions/${s.id}?client_secret=x`)
    const res = await app.request('/metrics')
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    expect(text).toContain(
      'signer_http_requests_total{method="POST",route="/v1/sessions",status="201"} 1',
    )
    expect(text).toContain('route="/v1/sessions/:id",status="403"')
    expect(text).toContain('signer_http_request_duration_seconds_bucket')
    expect(text).not.toContain(s.id)
  })

  it('serves OpenAPI 3.1 generated from the schemas the routes validate with', async () => {
    const { app } = testApp()
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: {
                'application/json': {
                  schema: {
                    properties?: Record<string, unknown>
                    anyOf?: Array<{ properties: Record<string, unknown> }>
                  }
                }
              }
            }
          }
        >
      >
    }
    expect(doc.openapi).toBe('3.1.0')
    for (const path of [
      '/v1/config',
      '/v1/sessions',
      '/v1/sessions/{id}',
      '/v1/sessions/{id}/payments',
      '/v1/sessions/{id}/apple-pay/validate',
      '/v1/sessions/{id}/apple-pay/payments',
      '/v1/refunds',
      '/v1/refunds/{id}',
      '/v1/gateway/notify',
      '/v1/gateway/return/{session_id}',
      '/healthz',
      '/readyz',
      '/metrics',
    ]) {
      expect(doc.paths).toHaveProperty([path])
    }
    const payment =
      doc.paths['/v1/sessions/{id}/payments']?.post?.requestBody?.content['application/json'].schema
    expect(Object.keys(payment?.properties ?? {}).sort()).toEqual(
      Object.keys(paymentBody.shape).sort(),
    )
    const create = doc.paths['/v1/sessions']?.post?.requestBody?.content['application/json'].schema
    expect(Object.keys(create?.anyOf?.[0]?.properties ?? {}).sort()).toEqual(
      Object.keys(merchantSessionBody.shape).sort(),
    )
  })

  it('documents the Google Pay payment and config with their schemas in components', async () => {
    const { app } = testApp()
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, { post?: { requestBody?: unknown; responses: object } }>
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> }
    }
    const route = doc.paths['/v1/sessions/{id}/google-pay/payments']?.post
    expect(JSON.stringify(route?.requestBody)).toContain(
      '#/components/schemas/GooglePayPaymentBody',
    )
    expect(Object.keys(route?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '404', '409']),
    )
    const schemas = doc.components.schemas
    expect(Object.keys(schemas.GooglePayPaymentBody?.properties ?? {}).sort()).toEqual([
      'client_secret',
      'device',
      'token',
    ])
    expect(schemas.GooglePayConfig?.properties).toHaveProperty('gateway_merchant_id')
  })

  it('serves the Apple Pay domain association file only when configured', async () => {
    const path = '/.well-known/apple-developer-merchantid-domain-association'
    expect((await testApp().app.request(path)).status).toBe(404)
    const { app } = testApp({
      config: {
        applePay: { enabled: true, merchantId: 'm', domainAssociation: '7B227073704964223A2239' },
      },
    })
    const res = await app.request(path)
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('7B227073704964223A2239')
  })

  it('mounts the sandbox only in sandbox mode', async () => {
    const { Hono } = await import('hono')
    const sandbox = { app: new Hono().get('/ping', (c) => c.text('pong')) }
    expect(await (await testApp({ sandbox }).app.request('/sandbox/ping')).text()).toBe('pong')
    expect(
      (await testApp({ sandbox, config: { mode: 'live' } }).app.request('/sandbox/ping')).status,
    ).toBe(404)
  })
})

describe('headers and logs', () => {
  it('sets secure headers, no-store and a request id (kept when sane, made otherwise)', async () => {
    const { app } = testApp()
    const res = await app.request('/healthz', { headers: { 'x-request-id': 'req-123' } })
    expect(res.headers.get('x-request-id')).toBe('req-123')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const made = await app.request('/healthz', {
      headers: { 'x-request-id': 'bad id with spaces\n' },
    })
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('logs one JSON line per request with the request id, and no secret, key or client secret', async () => {
    const { app, lines } = testApp()
    const s = await createSession(app)
    await app.request(`/v1/sessions/${s.id}?client_secret=${encodeURIComponent(s.client_secret)}`, {
      headers: { 'x-request-id': 'trace-9' },
    })
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(parsed.find((l) => l.request_id === 'trace-9')).toMatchObject({
      msg: 'request',
      route: '/v1/sessions/:id',
      status: 200,
    })
    const all = lines.join('')
    expect(all).not.toContain(s.client_secret)
    expect(all).not.toContain(API_KEY)
    expect(all).not.toContain('gateway-secret-never-shown')
  })
})
