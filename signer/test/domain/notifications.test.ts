import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PaymentRecord } from '../../src/domain/types.js'
import { formatGatewayDateTime, formatGatewayTime } from '../../src/gateway/hk-time.js'
import { signPayload } from '../../src/gateway/sign.js'
import { verify } from '../../src/gateway/verify.js'
import { listNotifications } from '../../src/store/notifications.js'
import { listEvents } from '../../src/webhooks/outbox.js'
import { type Harness, newSession, PHONE, startHarness, startPaying } from './harness.js'

describe('gateway notifications', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  /** A notification as eftPay would send it (docs/protocol.md "Notification"), signed with the sandbox secret unless told. */
  function note(
    payment: PaymentRecord,
    tradeStatus: string,
    extra: Record<string, string> = {},
    secret = SANDBOX_SECRET,
  ) {
    return signPayload(
      {
        notify_type: 'trade_status_sync',
        user_confirm_key: SANDBOX_USER_KEY,
        out_trade_no: payment.outTradeNo,
        eft_trade_no: payment.eftTradeNo,
        eftpay_trade_no: payment.eftTradeNo,
        total_fee: payment.amount,
        currency: payment.currency,
        trade_status: tradeStatus,
        gmt_payment: formatGatewayDateTime(h.clock.read()),
        trade_type: 'SALE',
        time: formatGatewayTime(h.clock.read()),
        ...extra,
      },
      secret,
    )
  }

  async function started(wallet: 'ALIPAYHK' | 'PAYME' = 'ALIPAYHK') {
    const session = await newSession(h)
    const { payment } = await h.service.startPayment({
      sessionId: session.id,
      wallet,
      device: PHONE,
    })
    return { session, payment }
  }

  it('acknowledges with a signed success and applies once however often it comes', async () => {
    const { session, payment } = await started()
    const payload = note(payment, 'TRADE_SUCCESS')
    const first = await h.service.handleNotification(payload)
    expect(first.status).toBe(200)
    expect(first.ack.return_code).toBe('success')
    expect(verify(first.ack, SANDBOX_SECRET).ok).toBe(true)
    for (let i = 0; i < 3; i++)
      expect((await h.service.handleNotification(payload)).status).toBe(200)
    // Same content with a fresh time (a retry re-signed): stored apart, changes nothing.
    h.clock.advance(15)
    expect((await h.service.handleNotification(note(payment, 'TRADE_SUCCESS'))).status).toBe(200)
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
    expect((await listEvents(h.db, { type: 'session.paid' })).length).toBe(1)
    expect((await listEvents(h.db, { type: 'payment.succeeded' })).length).toBe(1)
    expect((await listNotifications(h.db, payment.outTradeNo)).map((n) => n.result)).toEqual([
      'applied',
      'applied',
    ])
  })

  it('duplicated deliveries from the sandbox are applied once', async () => {
    const { session, payment } = await started()
    await h.faults({ notify: { duplicate: true } })
    await h.pay(payment, 'success')
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
    expect((await listEvents(h.db, { type: 'session.paid' })).length).toBe(1)
  })

  it('out of order: a late TRADE_PROCESSING after success changes nothing', async () => {
    const { session, payment } = await started()
    await h.service.handleNotification(note(payment, 'TRADE_SUCCESS'))
    h.clock.advance(1)
    await h.service.handleNotification(note(payment, 'TRADE_PROCESSING'))
    await h.service.handleNotification(note(payment, 'TRADE_FAIL'))
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('succeeded')
    expect(after?.session.status).toBe('paid')
  })

  it('money truth wins: TRADE_SUCCESS after TRADE_FAIL moves the payment to succeeded', async () => {
    const { session, payment } = await started()
    await h.service.handleNotification(note(payment, 'TRADE_FAIL'))
    expect((await h.service.getSession(session.id))?.payments[0]?.status).toBe('failed')
    h.clock.advance(1)
    await h.service.handleNotification(note(payment, 'TRADE_SUCCESS'))
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('succeeded')
    expect(after?.session.status).toBe('paid')
  })

  it('a late success on an expired session marks it paid and reports it', async () => {
    const session = await newSession(h, { expiresIn: 120 })
    const payment = await startPaying(h, session.id)
    h.clock.advance(121)
    await h.service.reconcile()
    const expired = await h.service.getSession(session.id)
    expect(expired?.session.status).toBe('expired')
    expect(expired?.payments[0]?.status).toBe('expired')
    await h.service.handleNotification(note(payment, 'TRADE_SUCCESS'))
    const after = await h.service.getSession(session.id)
    expect(after?.session.status).toBe('paid')
    expect(after?.payments[0]?.status).toBe('succeeded')
    expect((await listEvents(h.db)).map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'session.expired',
        'payment.expired',
        'payment.succeeded',
        'session.paid',
      ]),
    )
  })

  it('a forged or unsigned notification is refused and nothing is stored or changed', async () => {
    const { session, payment } = await started()
    const forged = note(payment, 'TRADE_SUCCESS', {}, 'not-the-secret')
    const refused = await h.service.handleNotification(forged)
    expect(refused.status).toBe(400)
    expect(refused.ack.return_code).toBe('false')
    const { sign: _sign, ...unsigned } = note(payment, 'TRADE_SUCCESS')
    expect((await h.service.handleNotification(unsigned)).status).toBe(400)
    const tampered = { ...note(payment, 'TRADE_FAIL'), trade_status: 'TRADE_SUCCESS' }
    expect((await h.service.handleNotification(tampered)).status).toBe(400)
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
    expect(await listNotifications(h.db, payment.outTradeNo)).toEqual([])
    expect(await listEvents(h.db)).toEqual([])
  })

  it('a notification for another merchant key is refused', async () => {
    const { payment } = await started()
    expect(
      (
        await h.service.handleNotification(
          note(payment, 'TRADE_SUCCESS', { user_confirm_key: 'OTHERKEY0001' }),
        )
      ).status,
    ).toBe(400)
  })

  it('a wrong amount or currency is stored, not applied, and still acknowledged', async () => {
    const { session, payment } = await started()
    expect(
      (await h.service.handleNotification(note(payment, 'TRADE_SUCCESS', { total_fee: '0.01' })))
        .status,
    ).toBe(200)
    expect(
      (await h.service.handleNotification(note(payment, 'TRADE_SUCCESS', { currency: 'CNY' })))
        .status,
    ).toBe(200)
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
    expect((await listNotifications(h.db, payment.outTradeNo)).map((n) => n.result)).toEqual([
      'amount_mismatch',
      'amount_mismatch',
    ])
  })

  it('total_fee without decimals ("128") matches "128.00"', async () => {
    const { session, payment } = await started()
    await h.service.handleNotification(note(payment, 'TRADE_SUCCESS', { total_fee: '128' }))
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
  })

  it('verifies a payload whose empty fields were signed as k= (empty values kept, as received)', async () => {
    const { session, payment } = await started()
    const { sign: _s, ...signedFields } = note(payment, 'TRADE_SUCCESS')
    const rest: Record<string, string> = { ...signedFields, trade_no: '' }
    const { canonicalString, signCanonical } = await import('../../src/gateway/sign.js')
    const signed = { ...rest, sign: signCanonical(canonicalString(rest, true), SANDBOX_SECRET) }
    expect((await h.service.handleNotification(signed)).status).toBe(200)
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
  })

  it('a notification for an unknown order is stored and acknowledged', async () => {
    const { payment } = await started()
    const stranger = note({ ...payment, outTradeNo: 'SOMEONEELSE1' }, 'TRADE_SUCCESS')
    expect((await h.service.handleNotification(stranger)).status).toBe(200)
    expect((await listNotifications(h.db, 'SOMEONEELSE1'))[0]?.result).toBe('unknown_payment')
  })

  it('accepts notifications signed with a previous secret during rotation', async () => {
    await h.close()
    h = await startHarness({ deps: { secret: ['new-secret-0001', SANDBOX_SECRET] } })
    const session = await newSession(h)
    // Gateway replies are verified by the client (sandbox secret); notifications by either secret.
    const payment = await startPaying(h, session.id)
    const outcome = await h.service.handleNotification(note(payment, 'TRADE_SUCCESS'))
    expect(outcome.status).toBe(200)
    expect(verify(outcome.ack, 'new-secret-0001').ok).toBe(true)
  })
})
