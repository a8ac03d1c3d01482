import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { canonicalString, sign, signPayload } from './sign.js'

const SECRET = 'testsignkey1234'

interface Vector {
  id: string
  secret_code: string
  params: Record<string, string>
  sorted_param_string: string
  expected_sign: string
}
// The official vector from eftPay's DoSign page (docs/protocol.md, signing), kept in the repository.
const vectors = JSON.parse(
  readFileSync(new URL('../../test/fixtures/sign-vectors.json', import.meta.url), 'utf8'),
) as Vector[]

describe('official vectors (signer/test/fixtures/sign-vectors.json)', () => {
  for (const vector of vectors) {
    it(`${vector.id}: canonical string and sign`, () => {
      expect(canonicalString(vector.params)).toBe(vector.sorted_param_string)
      expect(sign(vector.params, vector.secret_code)).toBe(vector.expected_sign)
    })
  }
})

describe('cases computed with the rules of docs/protocol.md "Signature"', () => {
  it('web PreOrder: byte-order sort puts payType before pay_scene, empty tid left out', () => {
    const fields = {
      service: 'service.alipay.web.PreOrder',
      user_confirm_key: 'TESTUCK00001',
      transaction_amount: '0.10',
      out_trade_no: 'ORDER0001',
      payType: 'Alipay',
      buyerType: 'others',
      subject: 'Test',
      wallet: 'ALIPAYHK',
      pay_scene: 'WEB',
      tid: '',
      time: '20240101120000',
    }
    expect(canonicalString(fields)).toBe(
      'buyerType=others&out_trade_no=ORDER0001&payType=Alipay&pay_scene=WEB&service=service.alipay.web.PreOrder' +
        '&subject=Test&time=20240101120000&transaction_amount=0.10&user_confirm_key=TESTUCK00001&wallet=ALIPAYHK',
    )
    expect(sign(fields, SECRET)).toBe(
      'd635794e5c4753b473a901a67947fac6cb1d1ce407552aa96b7c7641057344d6',
    )
  })

  it('query', () => {
    const fields = {
      querytype: 'OUT_TRADE',
      out_trade_no: 'ORDER0001',
      user_confirm_key: 'TESTUCK00001',
      time: '20240101120500',
    }
    expect(sign(fields, SECRET)).toBe(
      'e370c79d233344c434b6292582b6f8dca2ae3492d4d66515dc4ae5b3aa82ac33',
    )
  })

  it('notify acknowledgement', () => {
    expect(sign({ return_code: 'success', time: '20240101120600' }, SECRET)).toBe(
      'f890daf295160f44b487514ff93286df6040e3717cdcc9465d54340aa0e56a00',
    )
  })

  it('non-ASCII values are hashed as UTF-8', () => {
    expect(sign({ subject: '測試', out_trade_no: 'A1', time: '20240101120000' }, SECRET)).toBe(
      '0ade1bb54e90d956e115daa8a655b6a9f543b932f03ae235955435c136531ac4',
    )
  })
})

describe('canonicalString', () => {
  it('never includes sign and never URL-encodes', () => {
    expect(canonicalString({ b: 'x y&z', a: '1', sign: 'abc' })).toBe('a=1&b=x y&z')
  })

  it('sorts case-sensitively (uppercase < _ < lowercase), unlike localeCompare', () => {
    expect(canonicalString({ pay_scene: '1', payType: '2', packageName: '3' })).toBe(
      'packageName=3&payType=2&pay_scene=1',
    )
    expect(canonicalString({ buyerType: '1', browser: '2' })).toBe('browser=2&buyerType=1')
  })

  it('keeps empty values only when asked (the verification variant, docs/protocol.md "Signature")', () => {
    expect(canonicalString({ a: '1', trade_no: '' })).toBe('a=1')
    expect(canonicalString({ a: '1', trade_no: '' }, true)).toBe('a=1&trade_no=')
  })

  it('refuses non-string values (their serialisation is unknown)', () => {
    expect(() => canonicalString({ amount: 1 })).toThrow(/amount/)
    expect(() => canonicalString({ items: [] })).toThrow(/items/)
  })
})

describe('signPayload', () => {
  it('drops empty and undefined fields from the body so body and signed set match', () => {
    const body = signPayload({ a: '1', tid: '', body: undefined }, SECRET)
    expect(Object.keys(body).sort()).toEqual(['a', 'sign'])
    expect(body.sign).toBe(sign({ a: '1' }, SECRET))
    expect(body.sign).toMatch(/^[0-9a-f]{64}$/)
  })
})
