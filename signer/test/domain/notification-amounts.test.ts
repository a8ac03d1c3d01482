import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PaymentRecord } from '../../src/domain/types.js'
import { formatGatewayTime } from '../../src/gateway/hk-time.js'
import { signPayload } from '../../src/gateway/sign.js'
import { type Harness, newSession, startHarness, startPaying } from './harness.js'

/**
 * A success must say what was paid. A signed TRADE_SUCCESS without `total_fee` or `currency`
 * cannot be checked against the payment: it is stored and acknowledged but not applied, and a
 * query to eftPay decides.
 */
describe('a success notification without amount or currency', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  function success(payment: PaymentRecord, drop: Array<'total_fee' | 'currency'>) {
    const fields: Record<string, string> = {
      notify_type: 'trade_status_sync',
      user_confirm_key: SANDBOX_USER_KEY,
      out_trade_no: payment.outTradeNo,
      eft_trade_no: payment.eftTradeNo as string,
      total_fee: payment.amount,
      currency: payment.currency,
      trade_status: 'TRADE_SUCCESS',
      time: formatGatewayTime(h.clock.read()),
    }
    for (const field of drop) delete fields[field]
    return signPayload(fields, SANDBOX_SECRET)
  }

  const storedResults = async () =>
    (await h.db.query<{ result: string }>('SELECT result FROM notifications')).map((r) => r.result)

  for (const drop of [['total_fee', 'currency'], ['total_fee'], ['currency']] as const) {
    it(`without ${drop.join(' and ')}: stored, not applied, and the query finds the order unpaid`, async () => {
      const session = await newSession(h)
      const payment = await startPaying(h, session.id)
      const outcome = await h.service.handleNotification(success(payment, [...drop]))
      expect(outcome.status).toBe(200)
      expect(await storedResults()).toEqual(['amount_missing'])
      const after = await h.service.getSession(session.id)
      expect(after?.session.status).toBe('open')
      expect(after?.payments[0]?.status).toBe('pending')
      // eftPay was asked instead.
      const queries = h.gatewayCalls.filter((c) => c.servlet === 'QRcodeTradeQuery.do')
      expect(queries.map((c) => c.body.out_trade_no)).toEqual([payment.outTradeNo])
    })
  }

  it('when eftPay confirms the payment, the query marks it paid', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    await h.faults({ notify: { drop: 1 } })
    await h.pay(payment, 'success')
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
    await h.service.handleNotification(success(payment, ['total_fee', 'currency']))
    expect(await storedResults()).toEqual(['amount_missing'])
    const after = await h.service.getSession(session.id)
    expect(after?.session).toMatchObject({ status: 'paid', amountPaid: '128.00' })
  })
})
