import { describe, expect, it } from 'vitest'
import { envelopeOf, signRequest, useHarness } from './harness.js'

/**
 * The sandbox is strict where eftPay's pages are (docs/protocol.md, "Signature"): a request's sign
 * is 64 lowercase hex digits over one reading of empty values (left out). Other readings are taken
 * only when a variant says so (sandbox/README.md, "Variants").
 */

const use = useHarness()

function preOrderFields(h: Parameters<typeof envelopeOf>[0], extra: Record<string, string> = {}) {
  return {
    ...envelopeOf(h),
    service: 'service.alipay.wap.PreOrder',
    transaction_amount: '12.50',
    out_trade_no: `STRICT${Math.random().toString(36).slice(2, 12)}`,
    payType: 'Alipay',
    buyerType: 'ios',
    subject: 'Strict',
    wallet: 'ALIPAYHK',
    pay_scene: 'WAP',
    ...extra,
  }
}

describe('request signatures, by default', () => {
  it('takes lowercase hex over the empty-dropped string, an empty value in the body included', async () => {
    const h = await use.sandbox()
    const reply = await h.call('JSAPIService.do', signRequest(preOrderFields(h, { tid: '' })))
    expect(reply.return_status).toBe('00')
  })

  it('refuses the same signature in uppercase hex with 01', async () => {
    const h = await use.sandbox()
    const reply = await h.call('JSAPIService.do', signRequest(preOrderFields(h), { upper: true }))
    expect(reply).toMatchObject({ return_status: '01' })
  })

  it('refuses a signature over the empty-kept string (k= signed) with 01', async () => {
    const h = await use.sandbox()
    const fields = preOrderFields(h, { tid: '' })
    const reply = await h.call('JSAPIService.do', signRequest(fields, { empty: 'kept' }))
    expect(reply).toMatchObject({ return_status: '01' })
  })
})

describe('request signatures, with a variant switched on', () => {
  it('accept_uppercase_sign takes uppercase hex', async () => {
    const h = await use.sandbox({ variants: { accept_uppercase_sign: true } })
    const reply = await h.call('JSAPIService.do', signRequest(preOrderFields(h), { upper: true }))
    expect(reply.return_status).toBe('00')
  })

  it('request_empty_values: kept takes k= signed and refuses the default reading', async () => {
    const h = await use.sandbox({ variants: { request_empty_values: 'kept' } })
    const kept = signRequest(preOrderFields(h, { tid: '' }), { empty: 'kept' })
    expect((await h.call('JSAPIService.do', kept)).return_status).toBe('00')
    const dropped = signRequest(preOrderFields(h, { tid: '' }))
    expect((await h.call('JSAPIService.do', dropped)).return_status).toBe('01')
  })

  it('request_empty_values: either takes both readings', async () => {
    const h = await use.sandbox({ variants: { request_empty_values: 'either' } })
    for (const empty of ['kept', 'dropped'] as const) {
      const fields = signRequest(preOrderFields(h, { tid: '' }), { empty })
      expect((await h.call('JSAPIService.do', fields)).return_status, empty).toBe('00')
    }
  })

  it('is switched at run time through POST /variants, and back with DELETE /variants', async () => {
    const h = await use.sandbox()
    const set = await h.admin('/variants', { accept_uppercase_sign: true })
    expect(set.status).toBe(200)
    expect(await set.json()).toMatchObject({ accept_uppercase_sign: true })
    const upper = () => signRequest(preOrderFields(h), { upper: true })
    expect((await h.call('JSAPIService.do', upper())).return_status).toBe('00')
    expect((await h.admin('/variants', undefined, { method: 'DELETE' })).status).toBe(200)
    expect((await h.call('JSAPIService.do', upper())).return_status).toBe('01')
  })
})
