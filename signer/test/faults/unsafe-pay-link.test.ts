import { afterEach, describe, expect, it } from 'vitest'
import { type Fixture, startFixture } from './fixture.js'

/**
 * The gateway is untrusted input too (docs/protocol.md "Pay links"): a signed PreOrder reply whose
 * `pay_apptrade` is not a link the shopper may be sent to (`javascript:`, `data:`, plain http to
 * another host, an app scheme of another wallet) is refused as a bad gateway reply. Nothing is
 * stored as the payment's link or handed to the browser, the payment is not failed (its order may
 * exist at eftPay: it stays pending and is followed), and a retry places a usable order.
 */

let fx: Fixture
afterEach(async () => {
  await fx?.close()
})

describe('a PreOrder reply with a pay link the shopper must not be sent to', () => {
  for (const link of [
    'javascript:alert(document.domain)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'http://evil.example/pay',
    'weixin://wap/pay?prepayid=1',
    '/relative/pay',
  ]) {
    it(`${JSON.stringify(link)}: a gateway error, the payment left pending, then a usable retry`, async () => {
      fx = await startFixture()
      const session = await fx.createSession()
      await fx.faults({ servlet: 'JSAPIService.do', count: 1, add_fields: { pay_apptrade: link } })
      const failed = await fx.startPayment(session, 'ALIPAYHK')
      expect(failed.status).toBe(502)
      expect(failed.body.error).toMatchObject({
        type: 'gateway_error',
        code: 'gateway_bad_reply',
        retryable: true,
      })
      expect(JSON.stringify(failed.body)).not.toContain(link.trim())
      const after = await fx.session(session.id)
      expect(after.status).toBe('open')
      expect(after.payments).toHaveLength(1)
      expect(after.payments[0]).toMatchObject({ status: 'pending', next_action: null })

      const retried = await fx.startPayment(session, 'ALIPAYHK')
      expect([200, 201]).toContain(retried.status)
      expect(retried.body.next_action?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*\/pay\//)
    })
  }
})

describe('a PreOrder reply with a wallet app link', () => {
  it("passes WeChat Pay's own scheme for a WeChat Pay payment", async () => {
    fx = await startFixture()
    const session = await fx.createSession()
    const link = 'weixin://wap/pay?prepayid%3Dwx1&package=1&noncestr=2&sign=3'
    await fx.faults({ servlet: 'JSAPIService.do', count: 1, add_fields: { pay_apptrade: link } })
    const started = await fx.startPayment(session, 'WECHATHK')
    expect(started.status).toBe(201)
    expect(started.body.next_action).toEqual({ type: 'redirect', url: link })
  })
})
