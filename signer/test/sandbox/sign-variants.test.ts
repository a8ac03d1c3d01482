import { canonical, digest, SANDBOX_SECRET, SIGN_VARIANTS, signed } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { canonicalString } from '../../src/gateway/sign.js'
import { verify } from '../../src/gateway/verify.js'
import { preOrderInput, useSandboxAndReceiver } from './harness.js'

/**
 * The pages leave open whether empty values are in the signed string, and eftPay may add or drop
 * reply fields. The sandbox can do each; these tests prove the signer copes over real HTTP.
 */

const setup = useSandboxAndReceiver()
const TOKEN = JSON.stringify({ version: 'EC_v1', data: 'ok', signature: 's', header: {} })

describe("the sandbox's own signing", () => {
  it('reproduces the signature page worked example', () => {
    expect(
      digest('testsignkey1234', canonical({ p0: 'c', p2: 'b', p1: 'a' }, 'empty-dropped')),
    ).toBe('ed473ec9e423747a40b87403aa9814030861932d514dab000ed1f8a741f1d6df')
  })

  it('differs from the signer only in the variant asked for', () => {
    const fields = { b: '', a: '1', payType: 'x', pay_scene: 'y' }
    expect(canonical(fields, 'empty-dropped')).toBe(canonicalString(fields, false))
    expect(canonical(fields, 'empty-kept')).toBe(canonicalString(fields, true))
    expect(verify(signed(fields, 'k', 'empty-kept'), 'k')).toEqual({
      ok: true,
      variant: 'as-received',
    })
    expect(verify(signed(fields, 'k', 'empty-dropped'), 'k')).toEqual({
      ok: true,
      variant: 'empty-dropped',
    })
  })
})

describe('the signer copes with each variant the gateway might use', () => {
  for (const signVariant of SIGN_VARIANTS) {
    it(`${signVariant}: an Apple Pay reply with empty values, a query, a notification`, async () => {
      const { h, r } = await setup({ signVariant })
      const client = h.client()
      const paid = await client.applePay({
        service: 'service.mpgs.token.ApplePay',
        token_id: TOKEN,
        transaction_amount: '1.00',
        out_trade_no: `V${signVariant.length}${Date.now()}`,
        payType: 'Mpgs',
        buyerType: 'ios',
        subject: '測試',
        wallet: 'MPGS',
        notify_url: r.url,
      })
      expect(paid.trade_status).toBe('TRADE_SUCCESS')
      expect(paid.token_id).toBe('')
      expect(paid.eft_trade_no).toHaveLength(31)
      const queried = await client.query({
        querytype: 'OUT_TRADE',
        out_trade_no: paid.out_trade_no,
      })
      expect(queried.trade_status).toBe('TRADE_SUCCESS')
      const [notification] = await r.waitFor(1)
      const checked = verify(notification?.body ?? {}, SANDBOX_SECRET)
      expect(checked).toEqual({
        ok: true,
        variant: signVariant === 'empty-kept' ? 'as-received' : 'empty-dropped',
      })
    })
  }

  it('the client records which variant verified on each exchange (for logs and metrics)', async () => {
    const { h } = await setup({ signVariant: 'empty-kept' })
    const variants: unknown[] = []
    const client = h.client({ onExchange: (e) => variants.push(e.signatureVariant) })
    await client.preOrder(preOrderInput())
    expect(variants).toEqual(['as-received'])
  })

  it('a fault switches the variant of the next replies only', async () => {
    const { h } = await setup()
    await h.faults({ sign_variant: 'empty-kept', count: 1 })
    const reply = await h.raw('JSAPIService.do', {
      ...preOrderInput(),
      user_confirm_key: 'SANDBOX00001',
      time: h.now(),
    } as Record<string, string>)
    expect(verify(reply, SANDBOX_SECRET)).toEqual({ ok: true, variant: 'as-received' })
    const next = await h.raw('JSAPIService.do', {
      ...preOrderInput(),
      user_confirm_key: 'SANDBOX00001',
      time: h.now(),
    } as Record<string, string>)
    expect(verify(next, SANDBOX_SECRET)).toEqual({ ok: true, variant: 'empty-dropped' })
  })

  it('an added reply field is kept and still verifies; a dropped optional one is not missed', async () => {
    const { h } = await setup()
    await h.faults({
      add_fields: { new_field: 'v', blank_field: '' },
      drop_fields: ['fee_type', 'tid'],
    })
    const reply = await h.client().preOrder(preOrderInput())
    expect(reply.new_field).toBe('v')
    expect(reply.fee_type).toBeUndefined()
  })

  it('a dropped required field is a malformed reply, never a success', async () => {
    const { h } = await setup()
    await h.faults({ drop_fields: ['pay_apptrade'], count: 1 })
    const error = await h
      .client()
      .preOrder(preOrderInput())
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'malformed', field: 'pay_apptrade' })
  })
})

describe('an unsigned reply', () => {
  it('a PreOrder answered 00 without a sign (drop_fields: ["sign"]) is refused, never taken', async () => {
    const { h } = await setup()
    await h.faults({ drop_fields: ['sign'], count: 1 })
    const error = await h
      .client()
      .preOrder(preOrderInput())
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'signature' })
    expect((await h.client().preOrder(preOrderInput())).return_status).toBe('00')
  })
})
