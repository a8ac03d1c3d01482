import { SANDBOX_SECRET } from '@eftpay/sandbox'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatGatewayTime } from '../../src/gateway/hk-time.js'
import { signPayload } from '../../src/gateway/sign.js'
import { type Harness, newSession, startHarness, startPaying } from './harness.js'

/**
 * Gateway queries of one payment are coalesced and spaced whoever asks: a replayed genuine signed
 * return, the widget's refresh and the reconciler together cost eftPay one query per interval.
 */
describe('gateway queries of one payment', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  const queriesOf = (outTradeNo: string) =>
    h.gatewayCalls.filter(
      (call) => call.servlet === 'QRcodeTradeQuery.do' && call.body.out_trade_no === outTradeNo,
    ).length

  it('a genuine signed return replayed 40 times at once makes one query, and one per interval after', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    const signedReturn = signPayload(
      {
        out_trade_no: payment.outTradeNo,
        trade_status: 'TRADE_PROCESSING',
        time: formatGatewayTime(h.clock.read()),
      },
      SANDBOX_SECRET,
    )
    await Promise.all(
      Array.from({ length: 40 }, () => h.service.handleReturn(session.id, signedReturn)),
    )
    expect(queriesOf(payment.outTradeNo)).toBe(1)
    // Replayed again within the interval: nothing more reaches eftPay.
    h.clock.advance(1)
    for (let i = 0; i < 10; i++) await h.service.handleReturn(session.id, signedReturn)
    expect(queriesOf(payment.outTradeNo)).toBe(1)
    // After the interval, one more.
    h.clock.advance(2)
    for (let i = 0; i < 10; i++) await h.service.handleReturn(session.id, signedReturn)
    expect(queriesOf(payment.outTradeNo)).toBe(2)
  })

  it('the widget refresh and the reconciler asking together share one query', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    h.clock.advance(31)
    const refreshes = Array.from({ length: 5 }, () => h.service.refreshPayment(payment.id))
    const [report] = await Promise.all([h.service.reconcile(), ...refreshes])
    // Whichever asked first, eftPay was asked once (the reconciler's claim skips a payment a
    // refresh has just queried).
    expect(report.paymentsQueried).toBeLessThanOrEqual(1)
    expect(queriesOf(payment.outTradeNo)).toBe(1)
  })

  it('a query answer still arrives: a paid order is seen through the return', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    await h.faults({ notify: { drop: 1 } })
    await h.pay(payment, 'success')
    const signedReturn = signPayload(
      { out_trade_no: payment.outTradeNo, time: formatGatewayTime(h.clock.read()) },
      SANDBOX_SECRET,
    )
    const [destination] = await Promise.all([
      h.service.handleReturn(session.id, signedReturn),
      h.service.handleReturn(session.id, signedReturn),
    ])
    // Paid: the shopper goes to the success page.
    expect(destination).toMatch(/^https:\/\/shop\.example\/thanks\?session_id=/)
    expect(queriesOf(payment.outTradeNo)).toBe(1)
  })
})
