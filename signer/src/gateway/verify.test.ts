import { describe, expect, it } from 'vitest'
import { canonicalString, sign, signCanonical, signPayload } from './sign.js'
import { verify } from './verify.js'

const SECRET = 'testsignkey1234'

describe('verify', () => {
  it('accepts a payload it signed, in lower or upper case hex', () => {
    const body = signPayload(
      { out_trade_no: 'A1', trade_status: 'TRADE_SUCCESS', time: '20240101120000' },
      SECRET,
    )
    expect(verify(body, SECRET)).toEqual({ ok: true, variant: 'as-received' })
    expect(verify({ ...body, sign: body.sign!.toUpperCase() }, SECRET).ok).toBe(true)
  })

  it('rejects a missing or empty sign', () => {
    expect(verify({ a: '1' }, SECRET)).toEqual({ ok: false, reason: 'missing-sign' })
    expect(verify({ a: '1', sign: '' }, SECRET)).toEqual({ ok: false, reason: 'missing-sign' })
  })

  it('rejects any change to a signed field, an added field, or another secret', () => {
    const body = signPayload(
      { out_trade_no: 'A1', total_fee: '10.00', time: '20240101120000' },
      SECRET,
    )
    expect(verify({ ...body, total_fee: '0.01' }, SECRET).ok).toBe(false)
    expect(verify({ ...body, extra: 'x' }, SECRET).ok).toBe(false)
    expect(verify(body, 'another-secret').ok).toBe(false)
  })

  it('matches eftPay payloads signed with empty fields kept (k=) first', () => {
    const fields = { out_trade_no: 'A1', trade_no: '', time: '20240101120000' }
    const withEmpty = { ...fields, sign: signCanonical(canonicalString(fields, true), SECRET) }
    expect(verify(withEmpty, SECRET)).toEqual({ ok: true, variant: 'as-received' })
  })

  it('falls back to the empty-dropped variant (how the sandbox and RSM sign)', () => {
    const fields = { out_trade_no: 'A1', trade_no: '', time: '20240101120000' }
    const dropped = { ...fields, sign: sign(fields, SECRET) }
    expect(verify(dropped, SECRET)).toEqual({ ok: true, variant: 'empty-dropped' })
  })

  it('accepts any of several secrets, for key rotation', () => {
    const body = signPayload({ a: '1' }, 'old-secret')
    expect(verify(body, ['new-secret', 'old-secret']).ok).toBe(true)
  })

  it('refuses non-string values instead of guessing their serialisation', () => {
    expect(verify({ a: 1, sign: 'x' }, SECRET)).toEqual({ ok: false, reason: 'not-a-string' })
  })
})
