import { describe, expect, it } from 'vitest'
import { json, merchant, SESSION_BODY, testApp } from './helpers.js'

/** Bodies built to hurt: nested thousands deep, or with a huge number of values. */

async function createSession(app: ReturnType<typeof testApp>['app']) {
  const res = await app.request('/v1/sessions', merchant(SESSION_BODY))
  expect(res.status).toBe(201)
  return (await res.json()) as { id: string; client_secret: string }
}

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

describe('JSON bodies are bounded in depth and size before use', () => {
  it('an Apple Pay token nested thousands deep is a 400 naming token, not a 500', async () => {
    const { app } = testApp()
    const session = await createSession(app)
    const body = `{"client_secret":${JSON.stringify(session.client_secret)},"token":{"data":${nested(20_000)}}}`
    const res = await app.request(`/v1/sessions/${session.id}/apple-pay/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as {
      error: { code: string; param: string; message: string }
    }
    expect(error).toMatchObject({ code: 'invalid_field', param: 'token' })
    expect(error.message).toMatch(/nested more than 32 levels/)
  })

  it('a token holding thousands of values is a 400 naming the field', async () => {
    const { app } = testApp()
    const session = await createSession(app)
    const token = { data: Array.from({ length: 6_000 }, () => 0) }
    const res = await app.request(
      `/v1/sessions/${session.id}/apple-pay/payments`,
      json({ client_secret: session.client_secret, token }),
    )
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as { error: { param: string; message: string } }
    expect(error.param).toBe('token')
    expect(error.message).toMatch(/more than 5000 values/)
  })

  it('an ordinary Apple Pay token still goes through', async () => {
    const { app } = testApp()
    const session = await createSession(app)
    const token = {
      version: 'EC_v1',
      data: 'x',
      signature: 'y',
      header: { ephemeralPublicKey: 'k' },
    }
    const res = await app.request(
      `/v1/sessions/${session.id}/apple-pay/payments`,
      json({ client_secret: session.client_secret, token }),
    )
    expect(res.status).toBe(201)
  })
})
