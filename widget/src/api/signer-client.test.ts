import { afterEach, describe, expect, it } from 'vitest'
import { apiError, FakeSigner, SECRET, SIGNER } from '../internal/test/fake-signer.js'
import { EftpayApiError } from './api-error.js'
import { SignerClient, sessionIdOf } from './signer-client.js'

let fake: FakeSigner | undefined
afterEach(() => fake?.restore())

describe('sessionIdOf', () => {
  it('takes the part before _secret_', () => {
    expect(sessionIdOf('cs_5f1c0a9e2b7d4c8a_secret_abc_def')).toBe('cs_5f1c0a9e2b7d4c8a')
    expect(sessionIdOf('nonsense')).toBeUndefined()
    expect(sessionIdOf('_secret_x')).toBeUndefined()
  })
})

describe('SignerClient', () => {
  it('sends the device as query parameters, and JSON bodies with the client secret', async () => {
    fake = new FakeSigner().install()
    const client = new SignerClient(`${SIGNER}/`)
    await client.config({ os: 'android', mobile: true, in_app: 'alipay' })
    const q = fake.requests[0]!.query
    expect([q.get('os'), q.get('mobile'), q.get('in_app')]).toEqual(['android', 'true', 'alipay'])
    await client.post('cs_test1', SECRET, 'payments', {
      wallet: 'OCT',
      device: { os: 'others', mobile: false, in_app: 'none' },
      lang: 'en',
    })
    expect(fake.requests[1]).toMatchObject({
      method: 'POST',
      path: '/v1/sessions/cs_test1/payments',
      body: { client_secret: SECRET, wallet: 'OCT' },
    })
  })

  it('turns the signer’s error body into an EftpayApiError with code, param and retryable', async () => {
    fake = new FakeSigner().install()
    fake.override('POST /v1/sessions', () => apiError(400, 'amount_not_allowed', false, 'amount'))
    const error = await new SignerClient(SIGNER).createSession('latte', 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(EftpayApiError)
    expect(error).toMatchObject({
      code: 'amount_not_allowed',
      param: 'amount',
      retryable: false,
      status: 400,
    })
  })

  it('calls an unreadable 5xx retryable and an unreadable 4xx not', async () => {
    fake = new FakeSigner().install()
    const beyondContract = 'a proxy in front of the signer answers'
    fake.override('GET /v1/config', () => ({ status: 503, body: 'not json', beyondContract }))
    fake.override('POST /v1/sessions', () => ({ status: 404, body: null, beyondContract }))
    const client = new SignerClient(SIGNER)
    const device = { os: 'others', mobile: false, in_app: 'none' } as const
    expect(await client.config(device).catch((e: unknown) => e)).toMatchObject({
      code: 'bad_response',
      retryable: true,
      status: 503,
    })
    expect(await client.createSession('x', 1).catch((e: unknown) => e)).toMatchObject({
      code: 'bad_response',
      retryable: false,
      status: 404,
    })
  })

  it('reports a network failure as retryable, but lets an abort through as an abort', async () => {
    fake = new FakeSigner().install()
    fake.override('GET /v1/config', () => Promise.reject(new TypeError('Failed to fetch')))
    const device = { os: 'others', mobile: false, in_app: 'none' } as const
    const client = new SignerClient(SIGNER)
    expect(await client.config(device).catch((e: unknown) => e)).toMatchObject({
      code: 'network_error',
      retryable: true,
      status: 0,
    })
    const ac = new AbortController()
    ac.abort()
    const aborted = await client.config(device, ac.signal).catch((e: unknown) => e)
    expect(aborted).not.toBeInstanceOf(EftpayApiError)
  })
})
