import { describe, expect, it } from 'vitest'
import { SANDBOX_SECRET } from '../src/credentials.js'
import { emvCrc } from '../src/qr-codes.js'
import { canonical, digest } from '../src/wire.js'
import { envelopeOf, type Harness, outTradeNo, useHarness } from './harness.js'

/**
 * The merchant-presented QR scene (docs/protocol.md, "Merchant-presented QR scene"): the four
 * PreOrder services answer `qr_code`, a second device pays or cancels through the code, PayMe and
 * FPS send no notification, and the scene's own query services answer the documented statuses.
 */

const use = useHarness()

const PRODUCTS = {
  FPS: { product: 'fps', paytype: 'FPS', payment_type: 'FPS' },
  PAYME: { product: 'payme', paytype: 'PAYME', payment_type: 'PAYME' },
  ALIPAYBOTH: { product: 'alipay', paytype: 'Alipay', payment_type: 'ALIPAYBOTH' },
  WECHATHK: { product: 'wechat', paytype: 'WeChat', payment_type: 'WECHATHK' },
} as const
type Product = keyof typeof PRODUCTS

function qrPreOrder(h: Harness, wallet: Product, overrides: Record<string, string> = {}) {
  const { product, paytype, payment_type } = PRODUCTS[wallet]
  return h.call('JSAPIService.do', {
    ...envelopeOf(h),
    service: `service.${product}.qrcode.PreOrder`,
    transaction_amount: '12.50',
    out_trade_no: outTradeNo(),
    paytype,
    buyertype: 'others',
    subject: 'Iron Buddha tea',
    payment_type,
    ...overrides,
  })
}

function qrQuery(h: Harness, wallet: Product, out: string, overrides: Record<string, string> = {}) {
  const { product, paytype, payment_type } = PRODUCTS[wallet]
  return h.call('JSAPIService.do', {
    ...envelopeOf(h),
    service: `service.${product}.qrcode.Query`,
    querytype: 'OUT_TRADE',
    out_trade_no: out,
    paytype,
    buyertype: 'others',
    payment_type,
    ...overrides,
  })
}

/** Reads EMVCo tag-length-value elements (two-digit tags and lengths). */
function tlvs(text: string): Map<string, string> {
  const out = new Map<string, string>()
  for (let i = 0; i < text.length; ) {
    const len = Number(text.slice(i + 2, i + 4))
    out.set(text.slice(i, i + 2), text.slice(i + 4, i + 4 + len))
    i += 4 + len
  }
  return out
}

/** The pay page a second device reaches from a code: a link as is, FPS through its template 80. */
function payUrlOf(qrCode: string): string {
  if (qrCode.startsWith('http')) return qrCode
  return tlvs(tlvs(qrCode).get('80') ?? '').get('01') ?? ''
}

/** A second device opens the code and presses a button on the pay page. */
async function scanAndPress(qrCode: string, outcome: 'success' | 'fail' | 'cancel') {
  const page = await fetch(payUrlOf(qrCode))
  expect(page.status).toBe(200)
  const response = await fetch(payUrlOf(qrCode), {
    method: 'POST',
    body: new URLSearchParams({ outcome }),
    redirect: 'manual',
  })
  expect(response.status).toBe(200)
}

describe('QR scene PreOrder', () => {
  it('answers FPS with an EMVCo payload: amount, HKD, a valid CRC and the pay page', async () => {
    const h = await use.sandbox()
    const reply = await qrPreOrder(h, 'FPS', { transaction_amount: '88.00' })
    expect(reply).toMatchObject({ return_status: '00', paytype: 'FPS', payment_type: 'FPS' })
    const code = reply.qr_code ?? ''
    expect(code.startsWith('000201')).toBe(true)
    const tags = tlvs(code)
    expect(tags.get('54')).toBe('88.00')
    expect(tags.get('53')).toBe('344')
    expect(tags.get('63')).toBe(emvCrc(code.slice(0, -4)))
    expect(payUrlOf(code)).toBe(`${h.url}/pay/${reply.eftpay_trade_no}`)
  })

  it('answers PayMe, Alipay (ALIPAYBOTH) and WeChat with a link to the pay page', async () => {
    const h = await use.sandbox()
    for (const wallet of ['PAYME', 'ALIPAYBOTH', 'WECHATHK'] as const) {
      const reply = await qrPreOrder(h, wallet)
      expect(reply.return_status).toBe('00')
      expect(reply.qr_code).toBe(`${h.url}/pay/${reply.eftpay_trade_no}`)
    }
  })

  it('shows the returned code on the pay page', async () => {
    const h = await use.sandbox()
    const reply = await qrPreOrder(h, 'FPS')
    const html = await (await fetch(payUrlOf(reply.qr_code ?? ''))).text()
    expect(html).toContain('aria-label="QR code"')
    expect(html).toContain('qr_code')
  })

  it('signs its reply as every other reply', async () => {
    const h = await use.sandbox()
    const reply = await qrPreOrder(h, 'PAYME')
    expect(reply.sign).toBe(digest(SANDBOX_SECRET, canonical(reply, 'empty-dropped')))
  })

  it.each([
    ['camelCase payType', { payType: 'FPS' }, 'unknown field payType'],
    ['a pay_scene', { pay_scene: 'WEB' }, 'unknown field pay_scene'],
    ['another paytype', { paytype: 'PAYME' }, 'paytype must be FPS'],
    ['a lower-case paytype value', { paytype: 'fps' }, 'paytype must be FPS'],
    ['another wallet', { payment_type: 'ALIPAYBOTH' }, 'payment_type must be one of FPS'],
    ['a buyertype outside the list', { buyertype: 'pc' }, 'buyertype must be one of'],
  ])('refuses %s with 04, naming the field', async (_name, overrides, message) => {
    const h = await use.sandbox()
    const reply = await qrPreOrder(h, 'FPS', overrides)
    expect(reply.return_status).toBe('04')
    expect(reply.return_char).toContain(message)
  })

  it('refuses an unsigned request with 01', async () => {
    const h = await use.sandbox()
    expect((await qrPreOrder(h, 'FPS', { sign: 'f'.repeat(64) })).return_status).toBe('01')
  })

  it('keeps PayMe UAT .44: no QR code, no order', async () => {
    const h = await use.sandbox()
    const reply = await qrPreOrder(h, 'PAYME', { transaction_amount: '1.44' })
    expect(reply.return_status).toBe('96')
    expect(reply.qr_code).toBeUndefined()
  })
})

describe('QR scene: paying through the code and the scene query', () => {
  it('a second device pays FPS; the FPS query answers TRADE_SUCCESS with the amount', async () => {
    const h = await use.sandbox()
    const sale = await qrPreOrder(h, 'FPS')
    const out = sale.out_trade_no ?? ''
    expect((await qrQuery(h, 'FPS', out)).trade_status).toBe('TRADE_PROCESSING')
    await scanAndPress(sale.qr_code ?? '', 'success')
    expect(await qrQuery(h, 'FPS', out)).toMatchObject({
      return_status: '00',
      out_trade_no: out,
      trade_status: 'TRADE_SUCCESS',
      transaction_amount: '12.50',
      currency: 'HKD',
      payment_type: 'FPS',
    })
  })

  it.each([
    ['fail', 'TRADE_FAIL'],
    ['cancel', 'TRADE_CLOSED'],
  ] as const)('a press of %s is answered %s', async (outcome, status) => {
    const h = await use.sandbox()
    const sale = await qrPreOrder(h, 'WECHATHK')
    await scanAndPress(sale.qr_code ?? '', outcome)
    expect((await qrQuery(h, 'WECHATHK', sale.out_trade_no ?? '')).trade_status).toBe(status)
  })

  it('closes an unpaid code after its active time', async () => {
    const h = await use.sandbox()
    const sale = await qrPreOrder(h, 'PAYME')
    h.clock.advance(1800 * 1000)
    expect((await qrQuery(h, 'PAYME', sale.out_trade_no ?? '')).trade_status).toBe('TRADE_CLOSED')
  })

  it('answers only through the scene: QRcodeTradeQuery.do and another product do not know the order', async () => {
    const h = await use.sandbox()
    const sale = await qrPreOrder(h, 'FPS')
    const out = sale.out_trade_no ?? ''
    const web = await h.call('QRcodeTradeQuery.do', {
      ...envelopeOf(h),
      querytype: 'OUT_TRADE',
      out_trade_no: out,
    })
    expect(web.return_status).toBe('08')
    expect((await qrQuery(h, 'PAYME', out)).return_status).toBe('08')
  })

  it('does not answer a web order through the scene query', async () => {
    const h = await use.sandbox()
    const web = await h.preOrder()
    const q = await qrQuery(h, 'ALIPAYBOTH', web.out_trade_no ?? '')
    expect(q.return_status).toBe('08')
  })
})

describe('QR scene notifications', () => {
  it.each(['FPS', 'PAYME'] as const)(
    'sends none for %s, even with a notify_url',
    async (wallet) => {
      const h = await use.sandbox()
      const receiver = await use.receiver()
      const sale = await qrPreOrder(h, wallet, { notify_url: receiver.url })
      await scanAndPress(sale.qr_code ?? '', 'success')
      await h.sandbox.idle()
      expect(receiver.received).toEqual([])
      expect((await qrQuery(h, wallet, sale.out_trade_no ?? '')).trade_status).toBe('TRADE_SUCCESS')
    },
  )

  it('notifies Alipay with the QR scene fields, signed', async () => {
    const h = await use.sandbox()
    const receiver = await use.receiver()
    const sale = await qrPreOrder(h, 'ALIPAYBOTH', { notify_url: receiver.url })
    await scanAndPress(sale.qr_code ?? '', 'success')
    const [note] = await receiver.waitFor(1)
    expect(note).toMatchObject({
      trade_type: 'SALE',
      out_trade_no: sale.out_trade_no,
      eftpay_trade_no: sale.eftpay_trade_no,
      payment_type: 'ALIPAYBOTH',
      total_fee: '12.50',
      trade_status: 'TRADE_SUCCESS',
      subject: 'Iron Buddha tea',
    })
    expect(note).not.toHaveProperty('notify_type')
    expect(note).not.toHaveProperty('wallet')
    expect(note?.sign).toBe(digest(SANDBOX_SECRET, canonical(note ?? {}, 'empty-dropped')))
  })
})
