import { describe, expect, it } from 'vitest'
import { parseGatewaySettings } from '../config/index.js'
import { PLATFORM_PRESETS, presetOf, refundServiceFor } from './settings.js'

describe('refund service of a token sale', () => {
  const googleSale = {
    wallet: 'MPGS',
    pay_scene: 'TOKEN_GOOGLE_PAY',
    service: 'service.mpgs.web.Refund',
  }
  const appleSale = { ...googleSale, pay_scene: 'TOKEN_APPLE_PAY' }

  it('Google Pay: its own setting, else Apple Pay’s (both MPGS token sales), else the default', () => {
    const problems: string[] = []
    const both = parseGatewaySettings(
      { refundServices: 'APPLEPAY=service.mpgs.token.Refund,GOOGLEPAY=service.mpgs.gpay.Refund' },
      'live',
      problems,
    )
    expect(problems).toEqual([])
    expect(refundServiceFor(googleSale, both)).toBe('service.mpgs.gpay.Refund')
    expect(refundServiceFor(appleSale, both)).toBe('service.mpgs.token.Refund')
    const appleOnly = parseGatewaySettings(
      { refundServices: 'APPLEPAY=service.mpgs.token.Refund' },
      'live',
      problems,
    )
    expect(refundServiceFor(googleSale, appleOnly)).toBe('service.mpgs.token.Refund')
    const none = parseGatewaySettings({}, 'live', problems)
    expect(refundServiceFor(googleSale, none)).toBe('service.mpgs.web.Refund')
    expect(problems).toEqual([])
  })
})

describe('the platform preset (EFTPAY_PLATFORM)', () => {
  const payme = { wallet: 'PAYME', pay_scene: 'WEB', service: 'service.payme.web.Refund' }
  const apple = { wallet: 'MPGS', pay_scene: 'TOKEN_APPLE_PAY', service: 'service.mpgs.web.Refund' }

  it('VMP (unset): the routing table names the refund service per product', () => {
    const problems: string[] = []
    const vmp = parseGatewaySettings({}, 'live', problems)
    expect(presetOf(vmp)).toBe(PLATFORM_PRESETS.vmp)
    expect(refundServiceFor(payme, vmp)).toBe('service.payme.web.Refund')
    expect(problems).toEqual([])
  })

  it('OAPM: service.common.Refund for every product, EFTPAY_REFUND_SERVICES still wins per wallet', () => {
    const problems: string[] = []
    const oapm = parseGatewaySettings({ platform: 'oapm' }, 'live', problems)
    expect(presetOf(oapm)).toMatchObject({ notifyAck: 'text', returnTransport: 'query' })
    expect(refundServiceFor(payme, oapm)).toBe('service.common.Refund')
    expect(refundServiceFor(apple, oapm)).toBe('service.common.Refund')
    const overridden = parseGatewaySettings(
      { platform: 'oapm', refundServices: 'PAYME=service.payme.web.Refund' },
      'live',
      problems,
    )
    expect(refundServiceFor(payme, overridden)).toBe('service.payme.web.Refund')
    expect(refundServiceFor(apple, overridden)).toBe('service.common.Refund')
    expect(problems).toEqual([])
  })
})
