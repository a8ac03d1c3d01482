import { describe, expect, it } from 'vitest'
import { canonicalString, sign, signCanonical } from '../gateway/sign.js'
import { verify } from '../gateway/verify.js'
import { notificationKey, signedFields } from './verified-notification.js'

const SECRET = 'verified-notification-test-secret'
const fields = { out_trade_no: 'o1', trade_status: 'TRADE_SUCCESS', total_fee: '1.00' }

describe('a verified notification is known by what its signature covers', () => {
  it('padding with empty values changes neither the key nor what is stored', () => {
    const signed = { ...fields, sign: sign(fields, SECRET) }
    const padded = {
      ...signed,
      pad: '',
      [`x${'y'.repeat(1000)}`]: '',
      sign: signed.sign.toUpperCase(),
    }
    const checked = verify(padded, SECRET)
    expect(checked).toEqual({ ok: true, variant: 'empty-dropped' })
    expect(notificationKey(padded)).toBe(notificationKey(signed))
    expect(signedFields(padded, 'empty-dropped')).toEqual({ ...fields, sign: padded.sign })
  })

  it('a signature over empty values keeps them (the row verifies again), under the same key', () => {
    const withEmpty = { ...fields, tid: '' }
    // `tid=` in the signed string: the as-received variant (docs/protocol.md "Signature").
    const payload = { ...withEmpty, sign: signCanonical(canonicalString(withEmpty, true), SECRET) }
    expect(verify(payload, SECRET)).toEqual({ ok: true, variant: 'as-received' })
    const stored = signedFields(payload, 'as-received')
    expect(stored).toEqual(payload)
    expect(verify(stored, SECRET).ok).toBe(true)
    expect(notificationKey(payload)).toBe(notificationKey({ ...fields, sign: 'other' }))
  })

  it('a key named __proto__ stays data', () => {
    const payload = JSON.parse('{"__proto__":"x","a":"1","sign":"s"}') as Record<string, unknown>
    const stored = signedFields(payload, 'empty-dropped')
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype)
    expect(JSON.stringify(stored)).toBe('{"__proto__":"x","a":"1","sign":"s"}')
  })
})
