import { RETURN_CODES, SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { verify } from '../../src/gateway/verify.js'
import { preOrderInput, useSandboxAndReceiver } from './harness.js'

const setup = useSandboxAndReceiver()

const payme = (amount: string, notifyUrl?: string) =>
  preOrderInput({
    service: 'service.payme.web.PreOrder',
    payType: 'PAYME',
    wallet: 'PAYME',
    pay_scene: 'WEB',
    transaction_amount: amount,
    ...(notifyUrl ? { notify_url: notifyUrl } : {}),
  })

describe('PayMe UAT amounts (seeds/place-an-order.txt)', () => {
  it('.81 succeeds whatever button is pressed', async () => {
    const { h, r } = await setup()
    const reply = await h.client().preOrder(payme('0.81', r.url))
    expect(await (await fetch(reply.pay_apptrade)).text()).toContain('UAT amount .81')
    await h.pay(reply.eft_trade_no, 'cancel')
    await h.sandbox.idle()
    expect((await h.order(reply.eft_trade_no)).trade_status).toBe('TRADE_SUCCESS')
    expect(r.received[0]?.body.trade_status).toBe('TRADE_SUCCESS')
  })

  it('.77 fails whatever button is pressed', async () => {
    const { h } = await setup()
    const reply = await h.client().preOrder(payme('10.77'))
    await h.pay(reply.eft_trade_no, 'success')
    expect((await h.order(reply.eft_trade_no)).trade_status).toBe('TRADE_FAIL')
  })

  it('.80 times out: stays processing with no notification, then closes at expiry', async () => {
    const { h, r } = await setup()
    const client = h.client()
    const reply = await client.preOrder(payme('0.80', r.url))
    await h.pay(reply.eft_trade_no, 'success')
    await h.sandbox.idle()
    expect(r.received).toHaveLength(0)
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_PROCESSING')
    h.clock.advance(1_800_000)
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_CLOSED')
  })

  it('.44 is a server error with no QR: the PreOrder is refused and nothing is created', async () => {
    const { h } = await setup()
    const input = payme('0.44')
    const error = await h
      .client()
      .preOrder(input)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({ kind: 'rejected', returnStatus: RETURN_CODES.PROCESSOR_NO_QR })
    const q = await h.raw('QRcodeTradeQuery.do', {
      querytype: 'OUT_TRADE',
      out_trade_no: input.out_trade_no,
      user_confirm_key: SANDBOX_USER_KEY,
      time: h.now(),
    })
    expect(q.return_status).toBe(RETURN_CODES.ORDER_NOT_FOUND)
  })

  it('.45 is a server error with no state: query answers a non-00 code until expiry', async () => {
    const { h } = await setup()
    const client = h.client()
    const reply = await client.preOrder(payme('0.45'))
    await h.pay(reply.eft_trade_no, 'success')
    const error = await client
      .query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'rejected', returnStatus: RETURN_CODES.PROCESSOR_NO_STATE })
    h.clock.advance(1_800_000)
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_CLOSED')
  })

  it('other amounts follow the button, and the same amounts on other wallets are ordinary', async () => {
    const { h } = await setup()
    const client = h.client()
    const ordinary = await client.preOrder(payme('12.00'))
    await h.pay(ordinary.eft_trade_no, 'fail')
    expect((await h.order(ordinary.eft_trade_no)).trade_status).toBe('TRADE_FAIL')
    const alipay = await client.preOrder(preOrderInput({ transaction_amount: '0.44' }))
    await h.pay(alipay.eft_trade_no, 'success')
    expect((await h.order(alipay.eft_trade_no)).trade_status).toBe('TRADE_SUCCESS')
  })
})

const token = (data = 'c2FuZGJveA==') =>
  JSON.stringify({
    version: 'EC_v1',
    data,
    signature: 'MIAGCSqGSIb3DQEHAqCAMIACAQEx',
    header: { ephemeralPublicKey: 'MFkw', publicKeyHash: 'abc', transactionId: 'f00d' },
  })

const applePay = (overrides: Record<string, string> = {}) => ({
  service: 'service.mpgs.token.ApplePay' as const,
  token_id: token(),
  transaction_amount: '1.00',
  out_trade_no: `AP${Math.random().toString(36).slice(2, 12)}`,
  payType: 'Mpgs' as const,
  buyerType: 'ios' as const,
  subject: 'Apple Pay test',
  wallet: 'MPGS' as const,
  pay_scene: 'TOKEN_APPLE_PAY' as const,
  tid: '123',
  ...overrides,
})

describe('Apple Pay token payment', () => {
  it('succeeds synchronously, echoing the seed fields with an empty token_id, and notifies', async () => {
    const { h, r } = await setup()
    const input = applePay({ notify_url: r.url })
    const raw = await h.raw('JSAPIService.do', {
      ...input,
      user_confirm_key: SANDBOX_USER_KEY,
      time: h.now(),
    })
    expect(verify(raw, SANDBOX_SECRET).ok).toBe(true)
    expect(raw).toMatchObject({
      return_status: '00',
      token_id: '',
      user_confirm_key: SANDBOX_USER_KEY,
      trade_type: 'SALE',
      pay_scene: 'TOKEN_APPLE_PAY',
      out_trade_no: input.out_trade_no,
      total_fee: '1.00',
      currency: 'HKD',
      wallet: 'MPGS',
      trade_status: 'TRADE_SUCCESS',
      tid: '123',
    })
    expect(raw.eftpay_trade_no).toBe(raw.eft_trade_no)
    expect(raw.trade_no).toMatch(/\S/)
    expect(raw.gmt_payment).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    await h.sandbox.idle()
    expect(r.received[0]?.body).toMatchObject({
      trade_status: 'TRADE_SUCCESS',
      out_trade_no: input.out_trade_no,
      wallet: 'MPGS',
    })
  })

  it('through the typed client', async () => {
    const { h } = await setup()
    const reply = await h.client().applePay(applePay())
    expect(reply.trade_status).toBe('TRADE_SUCCESS')
  })

  it('declines amounts whose cents are .77 and tokens whose data contains DECLINE (TRADE_CLOSED, like the seed)', async () => {
    const { h } = await setup()
    const client = h.client()
    const byAmount = await client.applePay(applePay({ transaction_amount: '0.77' }))
    expect(byAmount).toMatchObject({ trade_status: 'TRADE_CLOSED', trade_no: '', gmt_payment: '' })
    const byToken = await client.applePay(applePay({ token_id: token('xxDECLINExx') }))
    expect(byToken.trade_status).toBe('TRADE_CLOSED')
  })

  it('refuses a second token payment under the same out_trade_no, like a PreOrder', async () => {
    const { h } = await setup()
    const client = h.client()
    const input = applePay()
    await client.applePay(input)
    const error = await client.applePay(input).catch((e: unknown) => e)
    expect(error).toMatchObject({
      kind: 'rejected',
      returnStatus: RETURN_CODES.DUPLICATE_OUT_TRADE_NO,
    })
  })

  it('refuses a token that is not the paymentData JSON', async () => {
    const { h } = await setup()
    const client = h.client()
    for (const bad of ['not json', JSON.stringify({ version: 'EC_v1', data: 'x' }), '"a string"']) {
      const error = await client.applePay(applePay({ token_id: bad })).catch((e: unknown) => e)
      expect(error).toMatchObject({ kind: 'rejected', returnStatus: RETURN_CODES.PARAMETER })
    }
  })

  it('a paid Apple Pay order can be queried and refunded through the MPGS refund service (docs/protocol.md "Refund")', async () => {
    const { h } = await setup()
    const client = h.client()
    const input = applePay({ transaction_amount: '20.00' })
    await client.applePay(input)
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: input.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_SUCCESS')
    const refund = await client.refund({
      service: 'service.mpgs.web.Refund',
      return_amount: '20.00',
      total_fee: '20.00',
      out_trade_no: input.out_trade_no,
      out_refund_no: 'APR1',
      payType: 'Mpgs',
      buyerType: 'ios',
      wallet: 'MPGS',
      pay_scene: 'TOKEN_APPLE_PAY',
    })
    expect(refund.trade_status).toBe('TRADE_PROCESSING')
  })
})
