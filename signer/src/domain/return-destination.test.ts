import { SANDBOX_SECRET } from '@eftpay/sandbox'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Harness, newSession, startHarness, startPaying } from '../../test/domain/harness.js'
import { signPayload } from '../gateway/sign.js'

/** Where `handleReturn` sends the shopper back from eftPay (the route only redirects there). */
describe('the return destination', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('a signed TRADE_SUCCESS picks the success page only for an order of this session', async () => {
    const session = await newSession(h)
    const other = await newSession(h)
    const mine = await startPaying(h, session.id)
    const theirs = await startPaying(h, other.id)
    const signed = (outTradeNo: string, secret = SANDBOX_SECRET) =>
      signPayload(
        { out_trade_no: outTradeNo, trade_status: 'TRADE_SUCCESS', time: '20261121200000' },
        secret,
      )
    const thanks = `https://shop.example/thanks?session_id=${session.id}`
    const cart = `https://shop.example/cart?session_id=${session.id}`
    // The notification has not landed yet, but eftPay itself signed the success.
    expect(await h.service.handleReturn(session.id, signed(mine.outTradeNo))).toBe(thanks)
    // A genuine signed return of another session's order, replayed against this session.
    expect(await h.service.handleReturn(session.id, signed(theirs.outTradeNo))).toBe(cart)
    // Signed with some other key; unsigned.
    expect(await h.service.handleReturn(session.id, signed(mine.outTradeNo, 'not-it'))).toBe(cart)
    expect(await h.service.handleReturn(session.id, { trade_status: 'TRADE_SUCCESS' })).toBe(cart)
    // A JSON body's "__proto__" must not supply a trade_status the signature does not cover.
    const polluted = JSON.parse(
      `{"__proto__":{"trade_status":"TRADE_SUCCESS"},${JSON.stringify(signPayload({ out_trade_no: mine.outTradeNo, time: '20261121200000' }, SANDBOX_SECRET)).slice(1)}`,
    ) as Record<string, unknown>
    expect(await h.service.handleReturn(session.id, { ...polluted })).toBe(cart)
    expect(await h.service.handleReturn('cs_nope', {})).toBeUndefined()
  })

  it('a paid session goes to its success page whatever the payload says', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id, 'PAYME')
    await h.pay(payment, 'success')
    expect(await h.service.handleReturn(session.id, { trade_status: 'TRADE_FAIL' })).toBe(
      `https://shop.example/thanks?session_id=${session.id}`,
    )
  })
})
