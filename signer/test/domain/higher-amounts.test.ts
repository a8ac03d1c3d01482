import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PaymentRecord } from '../../src/domain/types.js'
import { formatGatewayTime } from '../../src/gateway/hk-time.js'
import { signPayload } from '../../src/gateway/sign.js'
import { listNotifications } from '../../src/store/notifications.js'
import { type Harness, newSession, startHarness, startPaying } from './harness.js'

/**
 * A trade is paid only for the same order AND amount: a signed TRADE_SUCCESS for more than the
 * payment is no more money truth than one for less (docs/protocol.md "Notification"). The lower
 * side is tested in notifications.test.ts and query-amount.test.ts; these hold the higher side,
 * which a `>=` in place of `===` would let through.
 */
describe('a success for more than the payment', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  function successNote(payment: PaymentRecord, totalFee: string) {
    return signPayload(
      {
        notify_type: 'trade_status_sync',
        user_confirm_key: SANDBOX_USER_KEY,
        out_trade_no: payment.outTradeNo,
        eft_trade_no: payment.eftTradeNo as string,
        total_fee: totalFee,
        currency: payment.currency,
        trade_status: 'TRADE_SUCCESS',
        time: formatGatewayTime(h.clock.read()),
      },
      SANDBOX_SECRET,
    )
  }

  it('a notification whose total_fee is higher is stored and acknowledged, not applied', async () => {
    const session = await newSession(h, { amount: '128.00' })
    const payment = await startPaying(h, session.id)
    for (const totalFee of ['128.01', '1280.00'])
      expect((await h.service.handleNotification(successNote(payment, totalFee))).status).toBe(200)
    const after = await h.service.getSession(session.id)
    expect(after?.session).toMatchObject({ status: 'open', amountPaid: '0.00' })
    expect(after?.payments[0]?.status).toBe('pending')
    expect((await listNotifications(h.db, payment.outTradeNo)).map((n) => n.result)).toEqual([
      'amount_mismatch',
      'amount_mismatch',
    ])
    // The same notification for the payment's amount is applied: only the amount was wrong.
    await h.service.handleNotification(successNote(payment, '128.00'))
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
  })

  it('a query answer of TRADE_SUCCESS for a higher transaction_amount is not applied', async () => {
    const session = await newSession(h, { amount: '128.00' })
    const payment = await startPaying(h, session.id)
    // Paid at the sandbox, its notification lost: only a query can tell.
    await h.faults({ notify: { drop: 1 } })
    await h.pay(payment, 'success')
    const queries = () => h.gatewayCalls.filter((c) => c.servlet === 'QRcodeTradeQuery.do').length

    // eftPay's signed answer says TRADE_SUCCESS, for more than was asked.
    await h.faults({ servlet: 'QRcodeTradeQuery.do', add_fields: { transaction_amount: '128.01' } })
    expect((await h.service.refreshPayment(payment.id)).status).toBe('pending')
    expect(queries()).toBe(1)
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')

    // The same answer for the payment's amount is applied (spaced past the query pacing).
    await h.clearFaults()
    h.clock.advance(3)
    expect((await h.service.refreshPayment(payment.id)).status).toBe('succeeded')
    expect(queries()).toBe(2)
    expect((await h.service.getSession(session.id))?.session).toMatchObject({
      status: 'paid',
      amountPaid: '128.00',
    })
  })
})
