import { describe, expect, it } from 'vitest'
import { crc16CcittFalse, qrCodeProblem } from './qr-scene-code.js'

/** The shapes a QR-scene code may have per wallet (docs/protocol.md, "Merchant-presented QR scene"). */

const tlv = (tag: string, value: string) => `${tag}${String(value.length).padStart(2, '0')}${value}`
function fps(elements: string): string {
  const body = `${tlv('00', '01')}${tlv('01', '12')}${elements}6304`
  return `${body}${crc16CcittFalse(body)}`
}

describe('qrCodeProblem', () => {
  it('computes the EMVCo CRC-16/CCITT-FALSE check value', () => {
    // The standard check value of CRC-16/CCITT-FALSE over "123456789".
    expect(crc16CcittFalse('123456789')).toBe('29B1')
  })

  it('takes an FPS payload for the order amount in HKD, or one without an amount', () => {
    expect(
      qrCodeProblem(fps(tlv('53', '344') + tlv('54', '12.50')), 'FPS', '12.50', false),
    ).toBeUndefined()
    expect(qrCodeProblem(fps(tlv('54', '12.5')), 'FPS', '12.50', false)).toBeUndefined()
    expect(qrCodeProblem(fps(tlv('58', 'HK')), 'FPS', '12.50', false)).toBeUndefined()
  })

  it.each([
    ['another amount', fps(tlv('54', '12.51')), 'amount (54)'],
    ['another currency', fps(tlv('53', '156')), 'not HKD'],
    ['a wrong CRC', `${fps(tlv('58', 'HK')).slice(0, -1)}0`, 'CRC (63) does not match'],
    ['a truncated element', `${tlv('00', '01')}5405123`, 'runs past the end'],
    ['a repeated element', fps(tlv('58', 'HK') + tlv('58', 'HK')), 'appears twice'],
    ['a link', 'https://example.com/pay', 'not an EMVCo payload'],
    ['a newline', `${fps('')}\n`, 'printable ASCII'],
  ])('refuses an FPS code with %s', (_name, code, problem) => {
    expect(qrCodeProblem(code, 'FPS', '12.50', false)).toContain(problem)
  })

  it('takes https links, WeChat also weixin:, plain http only from a loopback sandbox', () => {
    expect(qrCodeProblem('https://qr.example/p/1', 'PAYME', '1.00', false)).toBeUndefined()
    expect(
      qrCodeProblem('weixin://wxpay/bizpayurl?pr=abc', 'WECHATCN', '1.00', false),
    ).toBeUndefined()
    expect(qrCodeProblem('weixin://wxpay/bizpayurl?pr=abc', 'ALIPAYBOTH', '1.00', false)).toContain(
      'scheme weixin',
    )
    expect(
      qrCodeProblem('http://127.0.0.1:8787/sandbox/pay/1', 'PAYME', '1.00', true),
    ).toBeUndefined()
    expect(qrCodeProblem('http://127.0.0.1:8787/sandbox/pay/1', 'PAYME', '1.00', false)).toContain(
      'scheme http',
    )
    expect(qrCodeProblem('https://u:p@qr.example/', 'PAYME', '1.00', false)).toContain(
      'credentials',
    )
    expect(qrCodeProblem('data:text/html,x', 'WECHATHK', '1.00', false)).toContain('scheme data')
  })
})
