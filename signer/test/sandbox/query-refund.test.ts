import { RETURN_CODES, SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterEach, describe, expect, it } from 'vitest'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { verify } from '../../src/gateway/verify.js'
import { preOrderInput, type SandboxHarness, startSandbox } from './harness.js'

const open: SandboxHarness[] = []
afterEach(async () => {
  while (open.length) await open.pop()?.close()
})

async function setup(options: Parameters<typeof startSandbox>[0] = {}) {
  const h = await startSandbox(options)
  open.push(h)
  return h
}

/** A paid AlipayHK order of `amount`. */
async function paidOrder(h: SandboxHarness, amount = '100.00') {
  const reply = await h.client().preOrder(preOrderInput({ transaction_amount: amount }))
  await h.pay(reply.eft_trade_no, 'success')
  return reply
}

function refundInput(
  order: { out_trade_no: string; eft_trade_no: string },
  amount: string,
  outRefundNo: string,
  total = '100.00',
) {
  return {
    service: 'service.alipay.wap.Refund',
    return_amount: amount,
    total_fee: total,
    out_trade_no: order.out_trade_no,
    eft_trade_no: order.eft_trade_no,
    out_refund_no: outRefundNo,
    payType: 'Alipay',
    buyerType: 'ios',
    wallet: 'ALIPAYHK',
    pay_scene: 'WAP',
  } as const
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof GatewayError))
    throw new Error(`expected a GatewayError, got ${String(error)}`)
  return error
}

describe('QRcodeTradeQuery.do for a sale', () => {
  it('reports TRADE_PROCESSING, then TRADE_SUCCESS with payment details, by out_trade_no or eft_trade_no', async () => {
    const h = await setup()
    const client = h.client()
    const reply = await client.preOrder(preOrderInput({ transaction_amount: '88.8' }))
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_PROCESSING')
    await h.pay(reply.eft_trade_no, 'success')
    const q = await client.query({ querytype: 'OUT_TRADE', eft_trade_no: reply.eft_trade_no })
    expect(q).toMatchObject({
      return_status: '00',
      trade_status: 'TRADE_SUCCESS',
      trade_type: 'SALE',
      out_trade_no: reply.out_trade_no,
      eft_trade_no: reply.eft_trade_no,
      payment_type: 'ALIPAYHK',
      transaction_amount: '88.8',
      currency: 'HKD',
      user_confirm_key: SANDBOX_USER_KEY,
    })
    expect(q.trade_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  })

  it('moves an unpaid order to TRADE_CLOSED once active_time has passed (clock moved, no timers)', async () => {
    const h = await setup()
    const client = h.client()
    const reply = await client.preOrder(preOrderInput({ active_time: '120' }))
    h.clock.advance(119_000)
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_PROCESSING')
    h.clock.advance(1_000)
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_CLOSED')
  })

  it('expires after the default 1800 s', async () => {
    const h = await setup()
    const client = h.client()
    const reply = await client.preOrder(preOrderInput())
    h.clock.advance(1_800_000)
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: reply.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_CLOSED')
  })

  it('refuses an unknown order, a mismatched pair and a service field', async () => {
    const h = await setup()
    const reply = await h.client().preOrder(preOrderInput())
    const unknown = await h.raw('QRcodeTradeQuery.do', {
      querytype: 'OUT_TRADE',
      out_trade_no: 'NOPE',
      user_confirm_key: SANDBOX_USER_KEY,
      time: h.now(),
    })
    expect(unknown.return_status).toBe(RETURN_CODES.ORDER_NOT_FOUND)
    expect(verify(unknown, SANDBOX_SECRET).ok).toBe(true)
    const mismatch = await h.raw('QRcodeTradeQuery.do', {
      querytype: 'OUT_TRADE',
      eft_trade_no: reply.eft_trade_no,
      out_trade_no: 'OTHER',
      user_confirm_key: SANDBOX_USER_KEY,
      time: h.now(),
    })
    expect(mismatch.return_status).toBe(RETURN_CODES.ORDER_NOT_FOUND)
    const withService = await h.raw('QRcodeTradeQuery.do', {
      service: 'service.common.Query',
      querytype: 'OUT_TRADE',
      out_trade_no: reply.out_trade_no,
      user_confirm_key: SANDBOX_USER_KEY,
      time: h.now(),
    })
    expect(withService.return_status).toBe(RETURN_CODES.PARAMETER)
    const neither = await h.raw('QRcodeTradeQuery.do', {
      querytype: 'OUT_TRADE',
      user_confirm_key: SANDBOX_USER_KEY,
      time: h.now(),
    })
    expect(neither.return_status).toBe(RETURN_CODES.PARAMETER)
  })
})

describe('refunds', () => {
  it('partial then full: TRADE_PROCESSING in the reply, then TRADE_REFUND and TRADE_CLOSED on query', async () => {
    const h = await setup()
    const client = h.client()
    const order = await paidOrder(h)
    const first = await client.refund(refundInput(order, '30.00', 'R1'))
    expect(first).toMatchObject({
      trade_status: 'TRADE_PROCESSING',
      out_refund_no: 'R1',
      out_trade_no: order.out_trade_no,
    })
    const q1 = await client.query({
      querytype: 'OUT_TRADE',
      out_trade_no: order.out_trade_no,
      refund_no: 'R1',
    })
    expect(q1).toMatchObject({
      trade_status: 'TRADE_REFUND',
      trade_type: 'REFUND',
      refund_no: 'R1',
      transaction_amount: '30.00',
      original_amount: '100.00',
    })
    await client.refund(refundInput(order, '70', 'R2'))
    const q2 = await client.query({
      querytype: 'OUT_TRADE',
      eft_trade_no: order.eft_trade_no,
      refund_no: 'R2',
    })
    expect(q2.trade_status).toBe('TRADE_CLOSED')
    // The first refund stays partial; the sale stays paid (money moved).
    expect(
      (
        await client.query({
          querytype: 'OUT_TRADE',
          out_trade_no: order.out_trade_no,
          refund_no: 'R1',
        })
      ).trade_status,
    ).toBe('TRADE_REFUND')
    expect(
      (await client.query({ querytype: 'OUT_TRADE', out_trade_no: order.out_trade_no }))
        .trade_status,
    ).toBe('TRADE_SUCCESS')
    expect((await h.order(order.eft_trade_no)).amount_refunded).toBe('100.00')
  })

  it('a refund of the whole amount at once is TRADE_CLOSED', async () => {
    const h = await setup()
    const client = h.client()
    const order = await paidOrder(h)
    await client.refund(refundInput(order, '100.00', 'RFULL'))
    expect(
      (
        await client.query({
          querytype: 'OUT_TRADE',
          out_trade_no: order.out_trade_no,
          refund_no: 'RFULL',
        })
      ).trade_status,
    ).toBe('TRADE_CLOSED')
  })

  it('refuses more than was paid, counting earlier refunds', async () => {
    const h = await setup()
    const client = h.client()
    const order = await paidOrder(h)
    expect((await rejection(client.refund(refundInput(order, '100.01', 'RX1')))).returnStatus).toBe(
      RETURN_CODES.REFUND_EXCEEDS,
    )
    await client.refund(refundInput(order, '60.00', 'RX2'))
    expect((await rejection(client.refund(refundInput(order, '40.01', 'RX3')))).returnStatus).toBe(
      RETURN_CODES.REFUND_EXCEEDS,
    )
    await client.refund(refundInput(order, '40.00', 'RX4'))
  })

  it('refuses a refund of an unpaid order, an unknown order, a wrong total_fee and a foreign service', async () => {
    const h = await setup()
    const client = h.client()
    const unpaid = await client.preOrder(preOrderInput({ transaction_amount: '100.00' }))
    expect((await rejection(client.refund(refundInput(unpaid, '1.00', 'RU1')))).returnStatus).toBe(
      RETURN_CODES.ORDER_NOT_REFUNDABLE,
    )
    const failed = await client.preOrder(preOrderInput({ transaction_amount: '100.00' }))
    await h.pay(failed.eft_trade_no, 'fail')
    expect((await rejection(client.refund(refundInput(failed, '1.00', 'RU2')))).returnStatus).toBe(
      RETURN_CODES.ORDER_NOT_REFUNDABLE,
    )
    const unknown = { out_trade_no: 'NOSUCHORDER', eft_trade_no: '852000' }
    expect((await rejection(client.refund(refundInput(unknown, '1.00', 'RU3')))).returnStatus).toBe(
      RETURN_CODES.ORDER_NOT_FOUND,
    )
    const paid = await paidOrder(h)
    expect(
      (await rejection(client.refund(refundInput(paid, '1.00', 'RU4', '99.00')))).returnStatus,
    ).toBe(RETURN_CODES.AMOUNT)
    const wechat = { ...refundInput(paid, '1.00', 'RU5'), service: 'service.wechat.web.Refund' }
    expect((await rejection(client.refund(wechat))).returnStatus).toBe(RETURN_CODES.PARAMETER)
  })

  it('answers a repeated refund (same out_refund_no and amount) with the same refund; refuses a different one', async () => {
    const h = await setup()
    const client = h.client()
    const order = await paidOrder(h)
    await client.refund(refundInput(order, '10.00', 'RDUP'))
    const again = await client.refund(refundInput(order, '10.00', 'RDUP'))
    expect(again.trade_status).toBe('TRADE_REFUND')
    expect((await h.order(order.eft_trade_no)).amount_refunded).toBe('10.00')
    expect((await rejection(client.refund(refundInput(order, '11.00', 'RDUP')))).returnStatus).toBe(
      RETURN_CODES.DUPLICATE_OUT_REFUND_NO,
    )
  })

  it('refuses a refund service it does not know (service.common.Refund is on no VMP page)', async () => {
    const h = await setup()
    const client = h.client()
    const order = await paidOrder(h)
    const error = await rejection(
      client.refund({ ...refundInput(order, '5.00', 'RC1'), service: 'service.common.Refund' }),
    )
    expect(error.returnStatus).toBe(RETURN_CODES.UNKNOWN_SERVICE)
  })

  it('stays TRADE_PROCESSING for the configured completion delay', async () => {
    const h = await setup({ refundDelayMs: 60_000 })
    const client = h.client()
    const order = await paidOrder(h)
    await client.refund(refundInput(order, '100.00', 'RD1'))
    const status = () =>
      client.refundStatus({
        service: 'service.unified.RefundStatusQuery',
        querytype: 'OUT_TRADE',
        out_trade_no: order.out_trade_no,
        refund_no: 'RD1',
      })
    expect(await status()).toMatchObject({
      refund_status: 'PROCESSING',
      trade_status: 'TRADE_PROCESSING',
    })
    h.clock.advance(60_000)
    expect(await status()).toMatchObject({
      refund_status: 'SUCCESS',
      trade_status: 'TRADE_CLOSED',
      trade_type: 'REFUND',
    })
  })

  it('a refund whose cents are .77 fails, and does not count against the paid amount', async () => {
    const h = await setup()
    const client = h.client()
    const order = await paidOrder(h)
    await client.refund(refundInput(order, '1.77', 'RF1'))
    const reply = await client.refundStatus({
      service: 'service.unified.RefundStatusQuery',
      querytype: 'OUT_TRADE',
      eft_trade_no: order.eft_trade_no,
      refund_no: 'RF1',
    })
    expect(reply).toMatchObject({ refund_status: 'FAIL', trade_status: 'TRADE_FAIL' })
    await client.refund(refundInput(order, '100.00', 'RF2'))
  })

  it('RefundStatusQuery refuses an unknown refund_no', async () => {
    const h = await setup()
    const client = h.client()
    const order = await paidOrder(h)
    const error = await rejection(
      client.refundStatus({
        service: 'service.unified.RefundStatusQuery',
        querytype: 'OUT_TRADE',
        out_trade_no: order.out_trade_no,
        refund_no: 'NONE',
      }),
    )
    expect(error.returnStatus).toBe(RETURN_CODES.REFUND_NOT_FOUND)
    const q = await rejection(
      client.query({ querytype: 'OUT_TRADE', out_trade_no: order.out_trade_no, refund_no: 'NONE' }),
    )
    expect(q.returnStatus).toBe(RETURN_CODES.REFUND_NOT_FOUND)
  })
})
