import { describe, expect, it } from 'vitest'
import {
  computeWebhookSignature,
  SIGNATURE_HEADER,
  signWebhook,
  verifyWebhook,
  type WebhookErrorCode,
  WebhookVerificationError,
} from './index.js'

const SECRET = 'whsec_test_0123456789abcdef'
const now = new Date('2026-11-21T12:00:00Z')
const t = Math.floor(now.getTime() / 1000)
const payload = JSON.stringify({
  id: 'ev_1',
  type: 'session.paid',
  created_at: now.toISOString(),
  data: { session: { id: 'cs_1', amount: '28.00', currency: 'HKD' } },
})

/** The code a refused verification throws, or why it did not. */
function refusal(fn: () => unknown): WebhookErrorCode | 'accepted' | string {
  try {
    fn()
    return 'accepted'
  } catch (error) {
    return error instanceof WebhookVerificationError ? error.code : `other: ${error}`
  }
}

describe('verifyWebhook', () => {
  it('accepts a valid signature and returns the event', () => {
    const header = signWebhook(payload, SECRET, t)
    expect(header).toBe(`t=${t},v1=${computeWebhookSignature(payload, t, SECRET)}`)
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(verifyWebhook({ payload, header, secret: SECRET, now })).toEqual(JSON.parse(payload))
  })

  it('accepts the raw body as bytes and the header as Node gives it', () => {
    const header = signWebhook(payload, SECRET, t)
    const bytes = new TextEncoder().encode(payload)
    expect(signWebhook(bytes, SECRET, t)).toBe(header)
    expect(verifyWebhook({ payload: bytes, header, secret: SECRET, now }).id).toBe('ev_1')
    expect(verifyWebhook({ payload, header: [header], secret: SECRET, now }).id).toBe('ev_1')
    // Spaces around the parts and upper-case hex are tolerated.
    const spaced = header
      .replace(',', ' , ')
      .replace(/v1=(\w+)/, (_, hex) => `v1=${hex.toUpperCase()}`)
    expect(verifyWebhook({ payload, header: spaced, secret: SECRET, now }).id).toBe('ev_1')
    expect(SIGNATURE_HEADER.toLowerCase()).toBe('eftpay-signature')
  })

  it('refuses a tampered body, a re-serialised body and a wrong secret', () => {
    const header = signWebhook(payload, SECRET, t)
    const tampered = payload.replace('28.00', '0.01')
    const reserialised = JSON.stringify(JSON.parse(payload), null, 2)
    for (const [body, secret] of [
      [tampered, SECRET],
      [reserialised, SECRET],
      [payload, 'whsec_someone_else'],
      [payload, `${SECRET} `],
    ] as const) {
      expect(refusal(() => verifyWebhook({ payload: body, header, secret, now }))).toBe(
        'signature_mismatch',
      )
    }
    expect(() => verifyWebhook({ payload: tampered, header, secret: SECRET, now })).toThrow(
      /no v1 signature matches: check the secret, and pass the raw body exactly as received/,
    )
  })

  it('refuses a stale or future timestamp, both ways, unless the tolerance allows it', () => {
    const header = signWebhook(payload, SECRET, t)
    for (const offset of [301_000, -301_000]) {
      const at = new Date(now.getTime() + offset)
      expect(refusal(() => verifyWebhook({ payload, header, secret: SECRET, now: at }))).toBe(
        'timestamp_out_of_tolerance',
      )
    }
    const late = new Date(now.getTime() + 301_000)
    expect(() => verifyWebhook({ payload, header, secret: SECRET, now: late })).toThrow(
      /more than 300 s away from now/,
    )
    expect(
      verifyWebhook({ payload, header, secret: SECRET, now: new Date(now.getTime() + 300_000) }).id,
    ).toBe('ev_1')
    expect(
      verifyWebhook({ payload, header, secret: SECRET, now: late, toleranceSeconds: 600 }).id,
    ).toBe('ev_1')
    // A re-signed old body with a fresh t is still refused: t is inside the signed string.
    const replayed = header.replace(`t=${t}`, `t=${t + 400}`)
    expect(
      refusal(() => verifyWebhook({ payload, header: replayed, secret: SECRET, now: late })),
    ).toBe('signature_mismatch')
  })

  it('refuses a missing or malformed header with a message saying what it should be', () => {
    const v1 = computeWebhookSignature(payload, t, SECRET)
    for (const header of [undefined, null, '', '   ', []])
      expect(refusal(() => verifyWebhook({ payload, header, secret: SECRET, now }))).toBe(
        'missing_header',
      )
    for (const header of [
      `v1=${v1}`,
      `t=${t}`,
      `t=${t},v1=abc`,
      `t=${t},v1=${v1}zz`,
      `t=soon,v1=${v1}`,
      `t=-${t},v1=${v1}`,
      `t=${t}.5,v1=${v1}`,
      `${t},${v1}`,
      'garbage',
      [`t=${t},v1=${v1}`, `t=${t},v1=${v1}`],
    ])
      expect(refusal(() => verifyWebhook({ payload, header, secret: SECRET, now }))).toBe(
        'malformed_header',
      )
    expect(() => verifyWebhook({ payload, header: 'garbage', secret: SECRET, now })).toThrow(
      'Eftpay-Signature must look like t=<unix seconds>,v1=<64 hex digits>',
    )
  })

  it('refuses a correctly signed body that is not a webhook event', () => {
    for (const body of ['not json', '[]', 'null', '{"type":"session.paid"}', '{"id":"ev_1"}']) {
      const header = signWebhook(body, SECRET, t)
      expect(refusal(() => verifyWebhook({ payload: body, header, secret: SECRET, now }))).toBe(
        'invalid_payload',
      )
    }
  })

  it('rotation: any of several v1 and any of several secrets may match; unknown schemes are skipped', () => {
    const both = signWebhook(payload, ['whsec_new_secret', SECRET], t)
    expect(both.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2)
    expect(verifyWebhook({ payload, header: both, secret: SECRET, now }).id).toBe('ev_1')
    expect(verifyWebhook({ payload, header: both, secret: 'whsec_new_secret', now }).id).toBe(
      'ev_1',
    )
    const old = signWebhook(payload, SECRET, t)
    expect(
      verifyWebhook({ payload, header: old, secret: ['whsec_new_secret', SECRET], now }).id,
    ).toBe('ev_1')
    expect(refusal(() => verifyWebhook({ payload, header: old, secret: ['a', 'b'], now }))).toBe(
      'signature_mismatch',
    )
    const withV2 = `${old},v2=${'f'.repeat(64)}`
    expect(verifyWebhook({ payload, header: withV2, secret: SECRET, now }).id).toBe('ev_1')
  })

  it('throws a TypeError for a programming mistake rather than refusing the webhook', () => {
    const header = signWebhook(payload, SECRET, t)
    for (const secret of ['', [], [SECRET, '']])
      expect(() => verifyWebhook({ payload, header, secret, now })).toThrow(
        /needs a non-empty secret/,
      )
    const parsed = JSON.parse(payload) as unknown as string
    expect(() => verifyWebhook({ payload: parsed, header, secret: SECRET, now })).toThrow(
      /raw body as a string or bytes/,
    )
    expect(() =>
      verifyWebhook({ payload, header, secret: SECRET, now, toleranceSeconds: Number.NaN }),
    ).toThrow(/toleranceSeconds/)
    expect(() => signWebhook(payload, [], t)).toThrow(TypeError)
    expect(() => signWebhook(payload, SECRET, Number.NaN)).toThrow(/unix seconds/)
  })

  it('a refusal is an Error with a name, a code and no secret in its message', () => {
    const header = signWebhook(payload, SECRET, t)
    try {
      verifyWebhook({ payload, header, secret: 'whsec_wrong_one', now })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(Error)
      expect(error).toMatchObject({ name: 'WebhookVerificationError', code: 'signature_mismatch' })
      expect(String(error)).not.toContain('whsec_')
    }
  })
})

describe('a delivery signed by the signer', () => {
  // Signed by the signer's outbox signing (two secrets, as while rotating) and pinned here: the
  // scheme may not change without every merchant's verification breaking.
  const vector = {
    payload:
      '{"id":"ev_vector_1","type":"session.paid","created_at":"2026-11-21T12:00:00.000Z","data":{"session":{"id":"cs_vector","amount":"28.00","currency":"HKD","status":"paid"}}}',
    header:
      't=1795262400,v1=1935aa08d4b2d3c2b7928fe2f01fd7f5ca412c2c0e72eb00fb84d7250ae02e40,v1=c41c20c9f3b9936ed501e5c4a0b13ebcb903a9fd9af05e167063f7d3f77cc718',
    secrets: ['whsec_vector_old', 'whsec_vector_new'],
    at: new Date('2026-11-21T12:00:00Z'),
  }

  it('verifies with either secret, and signing it again gives the same header', () => {
    for (const secret of vector.secrets) {
      const event = verifyWebhook({ ...vector, secret, now: vector.at })
      expect(event).toMatchObject({ id: 'ev_vector_1', type: 'session.paid' })
      expect(event.data.session).toMatchObject({ amount: '28.00' })
    }
    expect(signWebhook(vector.payload, vector.secrets, 1795262400)).toBe(vector.header)
  })
})
