import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_KEY, type Fixture, SHOP, startFixture } from './fixture.js'

/**
 * A NUL in an id or a query value, through the real app and store: PostgreSQL text cannot hold
 * one, so it must never reach the store (the Postgres run of the HTTP fuzz found the 500).
 */
let fx: Fixture
let session: { id: string; client_secret: string }
beforeAll(async () => {
  fx = await startFixture()
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
