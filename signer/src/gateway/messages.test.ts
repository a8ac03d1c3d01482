import { describe, expect, it } from 'vitest'
import { amount } from './fields.js'
import {
  applePayRequest,
  notification,
  preOrderRequest,
  queryRequest,
  refundRequest,
} from './messages.js'

const preOrder = {
  service: 'service.alipay.wap.PreOrder',
  user_confirm_key: 'TESTUCK00001',
  transaction_amount: '12.50',
  out_trade_no: 'E1234567890',
  payType: 'Alipay',
  buyerType: 'ios',
  subject: '奶茶 x 2',
  wallet: 'ALIPAYHK',
  pay_scene: 'WAP',
  time: '20240101120000',
}

/** The path of the first issue, the way the client reports a field. */
function firstField(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return result.success ? undefined : result.error?.issues[0]?.path.join('.')
}

describe('amounts (digits, at most 2 decimals, at most 8 characters)', () => {
  it.each(['0.10', '1', '12.5', '99999.99', '12345678'])('accepts %s', (value) => {
    expect(amount.safeParse(value).success).toBe(true)
  })
  it.each(['0', '0.00', '-1', '1.234', '1e3', ' 1.00', '01.00', '123456.78', '1,000', '.5', '1.'])(
    'refuses %s',
    (value) => {
      expect(amount.safeParse(value).success).toBe(false)
    },
  )
})

describe('PreOrder request', () => {
  it('accepts a seed-shaped request', () => {
    expect(preOrderRequest.safeParse(preOrder).success).toBe(true)
  })

  it.each([
    ['out_trade_no', 'X'.repeat(29)],
    ['subject', 'S'.repeat(257)],
    ['user_confirm_key', 'K'.repeat(13)],
    ['body', 'B'.repeat(129)],
    ['buyerType', 'andriod'],
    ['wallet', 'BITCOIN'],
    ['transaction_amount', '1.001'],
    ['fee_type', 'USD'],
    ['time', '2024-01-01'],
    ['return_url', 'https://shop.example/return?order=1'],
    ['notify_url', `https://shop.example/${'n'.repeat(240)}`],
  ])('names %s when it breaks the gateway limit', (field, value) => {
    expect(firstField(preOrderRequest.safeParse({ ...preOrder, [field]: value }))).toBe(field)
  })

  it('refuses unknown fields rather than signing them', () => {
    const result = preOrderRequest.safeParse({ ...preOrder, amount: '1.00' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['amount'] })
  })
})

describe('other requests', () => {
  it('query needs out_trade_no or eft_trade_no', () => {
    const base = {
      querytype: 'OUT_TRADE',
      user_confirm_key: 'TESTUCK00001',
      time: '20240101120000',
    }
    expect(queryRequest.safeParse(base).success).toBe(false)
    expect(queryRequest.safeParse({ ...base, eft_trade_no: 'EFT1' }).success).toBe(true)
  })

  it('Apple Pay token payment is fixed to MPGS / TOKEN_APPLE_PAY', () => {
    const request = {
      service: 'service.mpgs.token.ApplePay',
      user_confirm_key: 'TESTUCK00001',
      token_id: '{"version":"EC_v1"}',
      transaction_amount: '1.00',
      out_trade_no: 'A1',
      payType: 'Mpgs',
      buyerType: 'ios',
      subject: 'Test',
      wallet: 'MPGS',
      pay_scene: 'TOKEN_APPLE_PAY',
      time: '20240101120000',
    }
    expect(applePayRequest.safeParse(request).success).toBe(true)
    expect(firstField(applePayRequest.safeParse({ ...request, pay_scene: 'WEB' }))).toBe(
      'pay_scene',
    )
  })

  it('refund needs a refund number and a valid amount', () => {
    const request = {
      service: 'service.alipay.wap.Refund',
      user_confirm_key: 'TESTUCK00001',
      return_amount: '5.00',
      total_fee: '12.50',
      out_trade_no: 'A1',
      out_refund_no: 'R1',
      payType: 'Alipay',
      buyerType: 'ios',
      wallet: 'ALIPAYHK',
      pay_scene: 'WAP',
      time: '20240101120000',
    }
    expect(refundRequest.safeParse(request).success).toBe(true)
    expect(firstField(refundRequest.safeParse({ ...request, return_amount: '5.001' }))).toBe(
      'return_amount',
    )
  })
})

describe('notification (untrusted input)', () => {
  const notify = {
    notify_type: 'trade_status_sync',
    user_confirm_key: 'TESTUCK00001',
    out_trade_no: 'A1',
    eft_trade_no: 'EFT1',
    total_fee: '1',
    trade_status: 'TRADE_SUCCESS',
    time: '20240101120000',
    sign: 'f'.repeat(64),
  }

  it('accepts the docs example amount "1" without decimals, and keeps new fields', () => {
    const parsed = notification.parse({ ...notify, some_new_field: 'x' })
    expect(parsed.total_fee).toBe('1')
    expect(parsed.some_new_field).toBe('x')
  })

  it('refuses non-string values and missing trade numbers', () => {
    expect(notification.safeParse({ ...notify, total_fee: 1 }).success).toBe(false)
    expect(notification.safeParse({ ...notify, nested: { a: '1' } }).success).toBe(false)
    const { out_trade_no: _, ...withoutTradeNo } = notify
    expect(notification.safeParse(withoutTradeNo).success).toBe(false)
  })
})
