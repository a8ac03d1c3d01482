import { describe, expect, it } from 'vitest'
import { envelopeOf, type Harness, useHarness } from './harness.js'

/**
 * The open protocol questions (docs/protocol.md) as switches, so a client can be tested against
 * each answer eftPay might give (sandbox/README.md, "Variants"). Each is set here through the app
 * factory's `variants` option; POST /variants sets the same at run time.
 */

const use = useHarness()

function refund(h: Harness, sale: Record<string, string>, fields: Record<string, string>) {
  return h.call('JSAPIService.do', {
    ...envelopeOf(h),
    service: 'service.alipay.wap.Refund',
    return_amount: sale.transaction_amount ?? sale.total_fee ?? '',
    total_fee: sale.transaction_amount ?? sale.total_fee ?? '',
    out_trade_no: sale.out_trade_no ?? '',
    eft_trade_no: sale.eft_trade_no ?? '',
    payType: sale.payType ?? 'Alipay',
    buyerType: 'ios',
    wallet: sale.wallet ?? '',
    out_refund_no: `R${Math.random().toString(36).slice(2, 12)}`,
    pay_scene: sale.pay_scene ?? 'WAP',
    ...fields,
  })
}

async function paidPreOrder(h: Harness): Promise<Record<string, string>> {
  const sale = await h.preOrder()
  await h.pay(sale.eft_trade_no ?? '', 'success')
  return { ...sale, pay_scene: 'WAP' }
}

const query = (h: Harness, servlet: string, fields: Record<string, string>) =>
  h.call(servlet, { ...envelopeOf(h), querytype: 'OUT_TRADE', ...fields })

describe('defaults (what docs/protocol.md assumes)', () => {
  it('GET /variants shows them', async () => {
    const h = await use.sandbox()
    expect(await (await fetch(`${h.url}/variants`)).json()).toEqual({
      accept_uppercase_sign: false,
      request_empty_values: 'dropped',
      refund_service: 'per-product',
      token_query: 'QRcodeTradeQuery.do',
      refund_total_fee: 'sale-total',
      order_not_found_code: '08',
    })
  })

  it('refuses service.common.Refund and service.common.Query as unknown services (06)', async () => {
    const h = await use.sandbox()
    const sale = await h.applePay()
    const common = await refund(h, sale, {
      service: 'service.common.Refund',
      pay_scene: 'TOKEN_APPLE_PAY',
      payType: 'Mpgs',
    })
    expect(common.return_status).toBe('06')
    const q = await query(h, 'JSAPIService.do', {
      service: 'service.common.Query',
      out_trade_no: sale.out_trade_no ?? '',
    })
    expect(q.return_status).toBe('06')
  })
})

describe('refund_service: common', () => {
  it('refunds a token sale with service.common.Refund; the assumed service.mpgs.web.Refund is unknown', async () => {
    const h = await use.sandbox({ variants: { refund_service: 'common' } })
    const sale = await h.applePay()
    expect(sale.trade_status).toBe('TRADE_SUCCESS')
    const base = { pay_scene: 'TOKEN_APPLE_PAY', payType: 'Mpgs' }
    const assumed = await refund(h, sale, { ...base, service: 'service.mpgs.web.Refund' })
    expect(assumed.return_status).toBe('06')
    const common = await refund(h, sale, { ...base, service: 'service.common.Refund' })
    expect(common).toMatchObject({ return_status: '00', trade_status: 'TRADE_PROCESSING' })
  })

  it('keeps the refund services the pages document', async () => {
    const h = await use.sandbox({ variants: { refund_service: 'common' } })
    const sale = await paidPreOrder(h)
    expect((await refund(h, sale, {})).return_status).toBe('00')
  })
})

describe('token_query: service.common.Query', () => {
  it('answers a token order on JSAPIService.do, and QRcodeTradeQuery.do does not know it', async () => {
    const h = await use.sandbox({ variants: { token_query: 'service.common.Query' } })
    const sale = await h.applePay()
    const old = await query(h, 'QRcodeTradeQuery.do', { out_trade_no: sale.out_trade_no ?? '' })
    expect(old.return_status).toBe('08')
    const common = await query(h, 'JSAPIService.do', {
      service: 'service.common.Query',
      out_trade_no: sale.out_trade_no ?? '',
    })
    expect(common).toMatchObject({
      return_status: '00',
      trade_status: 'TRADE_SUCCESS',
      eft_trade_no: sale.eft_trade_no,
      trade_type: 'SALE',
    })
  })

  it('leaves web orders on QRcodeTradeQuery.do', async () => {
    const h = await use.sandbox({ variants: { token_query: 'service.common.Query' } })
    const sale = await paidPreOrder(h)
    const q = await query(h, 'QRcodeTradeQuery.do', { eft_trade_no: sale.eft_trade_no ?? '' })
    expect(q).toMatchObject({ return_status: '00', trade_status: 'TRADE_SUCCESS' })
  })
})

describe('refund_total_fee', () => {
  it('sale-total (default): a partial refund sends the sale total; the refund amount is refused', async () => {
    const h = await use.sandbox()
    const sale = await paidPreOrder(h)
    const wrong = await refund(h, sale, { return_amount: '2.50', total_fee: '2.50' })
    expect(wrong.return_status).toBe('05')
    const right = await refund(h, sale, { return_amount: '2.50', total_fee: '12.50' })
    expect(right.return_status).toBe('00')
  })

  it('refund-amount: total_fee must be this refund amount; the sale total is refused', async () => {
    const h = await use.sandbox({ variants: { refund_total_fee: 'refund-amount' } })
    const sale = await paidPreOrder(h)
    const wrong = await refund(h, sale, { return_amount: '2.50', total_fee: '12.50' })
    expect(wrong.return_status).toBe('05')
    const right = await refund(h, sale, { return_amount: '2.50', total_fee: '2.50' })
    expect(right).toMatchObject({ return_status: '00', return_amount: '2.50' })
  })
})

describe('order_not_found_code', () => {
  it('answers "no such order" with the code given, on query, refund and refund status', async () => {
    const h = await use.sandbox({ variants: { order_not_found_code: '14' } })
    const q = await query(h, 'QRcodeTradeQuery.do', { out_trade_no: 'NEVERPLACED1' })
    expect(q.return_status).toBe('14')
    const r = await refund(
      h,
      { out_trade_no: 'NEVERPLACED1', transaction_amount: '1.00', wallet: 'ALIPAYHK' },
      {},
    )
    expect(r.return_status).toBe('14')
    const s = await h.call('JSAPIService.do', {
      ...envelopeOf(h),
      service: 'service.unified.RefundStatusQuery',
      querytype: 'OUT_TRADE',
      out_trade_no: 'NEVERPLACED1',
      refund_no: 'R1',
    })
    expect(s.return_status).toBe('14')
  })
})

describe('POST /variants', () => {
  it('sets a variant at run time and answers the whole set; an unknown or bad one is a 400', async () => {
    const h = await use.sandbox()
    const set = await h.admin('/variants', { order_not_found_code: '31' })
    expect(await set.json()).toMatchObject({
      order_not_found_code: '31',
      refund_service: 'per-product',
    })
    const q = await query(h, 'QRcodeTradeQuery.do', { out_trade_no: 'NEVERPLACED2' })
    expect(q.return_status).toBe('31')
    for (const body of [
      { colour: 'blue' },
      { order_not_found_code: '00' },
      { refund_service: 'x' },
    ]) {
      const bad = await h.admin('/variants', body)
      expect(bad.status, JSON.stringify(body)).toBe(400)
      expect(await bad.json()).toMatchObject({ error: { code: 'invalid_field' } })
    }
  })
})
