import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_SESSION_LIFETIME_SECONDS } from '../../src/domain/session-input.js'
import { merchant, SESSION_BODY, testApp } from '../http/helpers.js'
import { type Harness, newSession, startHarness } from './harness.js'

/** A session the gateway could never take is refused when it is created, naming the field. */
describe('session limits', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('refuses an amount longer than the gateway field once sent with two decimals', async () => {
    // "12345678" would be sent as "12345678.00": 11 characters, over eftPay's 8.
    for (const amount of ['12345678', '100000', '100000.5'])
      await expect(newSession(h, { amount })).rejects.toMatchObject({
        status: 400,
        param: 'amount',
        message: expect.stringMatching(/99999\.99/),
      })
    // The largest that fits, in any spelling, is taken and can be paid (a PreOrder goes out).
    for (const amount of ['99999.99', '99999.9', '99999'])
      await expect(newSession(h, { amount })).resolves.toMatchObject({ status: 'open' })
  })

  it('expires_in follows one rule in the API, the OpenAPI document and the domain', async () => {
    await expect(
      newSession(h, { expiresIn: MAX_SESSION_LIFETIME_SECONDS + 1 }),
    ).rejects.toMatchObject({ status: 400, param: 'expires_in' })
    await expect(newSession(h, { expiresIn: MAX_SESSION_LIFETIME_SECONDS })).resolves.toBeDefined()

    const { app } = testApp()
    const spec = (await (await app.request('/openapi.json')).json()) as Record<string, any>
    const text = JSON.stringify(spec)
    expect(text).not.toContain('604800')
    expect(text).toContain(`"maximum":${MAX_SESSION_LIFETIME_SECONDS}`)
    const refused = await app.request(
      '/v1/sessions',
      merchant({ ...SESSION_BODY, expires_in: MAX_SESSION_LIFETIME_SECONDS + 1 }),
    )
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: { param: string } }).error.param).toBe('expires_in')
  })
})
