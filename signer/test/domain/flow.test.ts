import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WALLETS } from '../../src/contract/vocabulary.js'
import { listEvents } from '../../src/webhooks/outbox.js'
import { DESKTOP, type Harness, newSession, PHONE, startHarness, startPaying } from './harness.js'

describe('payment flow against the sandbox', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  for (const wallet of WALLETS) {
    it(`${wallet}: start, pay on the sandbox page, paid by the notification (or a query)`, async () => {
      const session = await newSession(h)
      const { payment, created } = await h.service.startPayment({
        sessionId: session.id,
        wallet,
        device: PHONE,
        lang: 'en',
      })
      expect(created).toBe(true)
      expect(payment.status).toBe('pending')
      expect(payment.eftTradeNo).toBeTruthy()
      expect(payment.nextAction?.url).toContain(`/sandbox/pay/${payment.eftTradeNo}`)
      expect(payment.outTradeNo.length).toBeLessThanOrEqual(28)
      await h.pay(payment, 'success')
      if (wallet === 'OCT') {
        // Octopus sends no notification (docs/protocol.md "Notification"): the reconciler's query finds the success.
        expect((await h.service.getSession(session.id))?.session.status).toBe('open')
        h.clock.advance(31)
        const report = await h.service.reconcile()
        expect(report.paymentsChanged).toBe(1)
      }
      const after = await h.service.getSession(session.id)
      expect(after?.session.status).toBe('paid')
      expect(after?.session.amountPaid).toBe('128.00')
      expect(after?.payments[0]?.status).toBe('succeeded')
      const types = (await listEvents(h.db)).map((e) => e.type).sort()
      expect(types).toEqual(['payment.succeeded', 'session.paid'])
    })
  }

  it('desktop Alipay is answered as a QR code', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id, 'ALIPAYHK', DESKTOP)
    expect(payment.nextAction?.type).toBe('qr_code')
    expect(payment.service).toBe('service.alipay.web.PreOrder')
  })

  it('fail on the pay page: payment failed, session still open and payable again', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    await h.pay(payment, 'fail')
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('failed')
    expect(after?.session.status).toBe('open')
    const again = await h.service.startPayment({
      sessionId: session.id,
      wallet: 'ALIPAYHK',
      device: PHONE,
    })
    expect(again.created).toBe(true)
    expect(again.payment.id).not.toBe(payment.id)
    expect(again.payment.outTradeNo).not.toBe(payment.outTradeNo)
    expect((await listEvents(h.db, { type: 'payment.failed' })).length).toBe(1)
  })

  it('cancel on the pay page (TRADE_CLOSED before the active time) is a failure', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id, 'WECHATHK')
    await h.pay(payment, 'cancel')
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('failed')
    expect(after?.session.status).toBe('open')
  })

  it('the return address refreshes a pending payment from a signed return payload', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    await h.faults({ notify: { drop: 1 } })
    const response = await h.pay(payment, 'success')
    expect(response.status).toBe(303)
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
    // The shopper's browser follows the redirect to our return address.
    const back = await fetch(response.headers.get('location') as string, { redirect: 'manual' })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(
      `https://shop.example/thanks?session_id=${session.id}`,
    )
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
  })

  it('a forged return payload changes nothing', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    const result = await h.service.handleReturn(session.id, {
      out_trade_no: payment.outTradeNo,
      trade_status: 'TRADE_SUCCESS',
      sign: 'f'.repeat(64),
    })
    expect(result).toBe(`https://shop.example/cart?session_id=${session.id}`)
    expect((await h.sandboxOrder(payment.eftTradeNo as string)).trade_status).toBe(
      'TRADE_PROCESSING',
    )
  })

  it('refuses to start a payment on a paid or expired session, and for an unknown one', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id, 'PAYME')
    await h.pay(payment, 'success')
    await expect(
      h.service.startPayment({ sessionId: session.id, wallet: 'PAYME', device: PHONE }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'session_paid',
    })
    const other = await newSession(h, { expiresIn: 60 })
    h.clock.advance(61)
    await expect(
      h.service.startPayment({ sessionId: other.id, wallet: 'PAYME', device: PHONE }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'session_not_open',
    })
    await expect(
      h.service.startPayment({ sessionId: 'cs_nope', wallet: 'PAYME', device: PHONE }),
    ).rejects.toMatchObject({
      status: 404,
    })
  })
})
