import { describe, expect, it } from 'vitest'
import { parseGatewaySettings } from '../config/index.js'
import { refundServiceFor } from './settings.js'

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
