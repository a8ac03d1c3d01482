import { describe, expect, it } from 'vitest'
import { PLATFORM_PRESETS } from '../gateway/settings.js'
import { signedReturnPayload } from './return.js'

/** Which payload of the browser return is verified (docs/protocol.md, "OAPM"). */
describe('the browser return payload', () => {
  const form = { out_trade_no: 'A', trade_status: 'TRADE_SUCCESS', sign: 'f'.repeat(64) }
  const query = { out_trade_no: 'B', trade_status: 'TRADE_SUCCESS', sign: 'e'.repeat(64) }

  it("reads the platform's transport first when both are signed, never a mix of the two", () => {
    expect(signedReturnPayload({ form, query }, PLATFORM_PRESETS.vmp)).toBe(form)
    expect(signedReturnPayload({ form, query }, PLATFORM_PRESETS.oapm)).toBe(query)
  })

  it('takes the other transport when only it is signed, and says so in the log', () => {
    const said: string[] = []
    const log = { info: (_fields: object, message?: string) => void said.push(message ?? '') }
    const unsigned = { trade_status: 'TRADE_SUCCESS' }
    expect(signedReturnPayload({ form: {}, query }, PLATFORM_PRESETS.vmp, log)).toBe(query)
    expect(signedReturnPayload({ form, query: unsigned }, PLATFORM_PRESETS.oapm, log)).toBe(form)
    expect(said).toEqual([
      'browser return signed in the query parameters, not the form body VMP uses',
      'browser return signed in the form body, not the query parameters OAPM uses',
    ])
    // Neither signed: the platform's own, which verifies as nothing.
    expect(signedReturnPayload({ form: {}, query: unsigned }, PLATFORM_PRESETS.oapm)).toBe(unsigned)
  })
})
