import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../errors.js'
import { browserCors, originAllowed } from './cors.js'

function app(allowedOrigins: string[]) {
  const app = new Hono()
  app.use('*', browserCors({ allowedOrigins }))
  app.post('/v1/sessions', (c) => c.json({ ok: true }, 201))
  app.onError((error, c) =>
    error instanceof ApiError ? c.json(error.toJSON(), error.status) : c.text('boom', 500),
  )
  return app
}

describe('browser CORS', () => {
  it('matches the sandbox default on any port of this machine, and nothing else', () => {
    const sandbox = ['http://localhost:*', 'http://127.0.0.1:*']
    expect(originAllowed(sandbox, 'http://localhost:3000')).toBe(true)
    expect(originAllowed(sandbox, 'http://127.0.0.1:5173')).toBe(true)
    expect(originAllowed(sandbox, 'http://localhost')).toBe(false)
    expect(originAllowed(sandbox, 'https://localhost:3000')).toBe(false)
    expect(originAllowed(sandbox, 'http://localhost.evil.example:3000')).toBe(false)
    expect(originAllowed(['https://shop.example'], 'https://shop.example')).toBe(true)
    expect(originAllowed(['https://shop.example'], 'http://localhost:3000')).toBe(false)
  })

  it("answers an allowed origin's request with its CORS headers and Vary: Origin after the handler's own", async () => {
    const shop = new Hono()
    shop.use('*', browserCors({ allowedOrigins: ['https://shop.example'] }))
    shop.get('/v1/config', (c) => c.json({ ok: true }, 200, { Vary: 'Accept-Language' }))
    const res = await shop.request('/v1/config', { headers: { Origin: 'https://shop.example' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id,Retry-After')
    expect(res.headers.get('vary')).toBe('Accept-Language, Origin')
    expect(await res.json()).toEqual({ ok: true })
    const noOrigin = await shop.request('/v1/config')
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull()
    expect(noOrigin.headers.get('vary')).toBe('Accept-Language, Origin')
  })

  it('refuses a foreign origin with a 403 the page can read', async () => {
    const res = await app(['https://shop.example']).request('/v1/sessions', {
      method: 'POST',
      headers: { Origin: 'https://other.example' },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://other.example')
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('origin_not_allowed')
    expect(body.error.message).toContain('ALLOWED_ORIGINS')
  })

  it("lets a refused origin's preflight through, so the browser sends the request and reads the 403", async () => {
    const res = await app(['https://shop.example']).request('/v1/sessions', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://other.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://other.example')
  })

  it('answers an allowed origin with its CORS headers', async () => {
    const res = await app(['http://localhost:*']).request('/v1/sessions', {
      method: 'POST',
      headers: { Origin: 'http://localhost:4321' },
    })
    expect(res.status).toBe(201)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:4321')
  })
})
