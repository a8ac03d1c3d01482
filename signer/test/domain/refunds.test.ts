import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findRefund } from '../../src/store/refunds.js'
import { listEvents } from '../../src/webhooks/outbox.js'
import { type Harness, newSession, PHONE, payTwice, startHarness, startPaying } from './harness.js'

describe('refunds', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  async function paidSession(amount = '100.00') {
    const session = await newSession(h, { amount })
    const payment = await startPaying(h, session.id)
    await h.pay(payment, 'success')
    return { session, payment }
  }

  it('partial then full: session goes partially_refunded, then refunded', async () => {
    const { session, payment } = await paidSession()
    const first = await h.service.createRefund({
      paymentId: payment.id,
      amount: '30',
      reason: 'one cup broken',
    })
    expect(first).toMatchObject({
      status: 'succeeded',
      amount: '30.00',
      automatic: false,
      reason: 'one cup broken',
    })
    let after = await h.service.getSession(session.id)
    expect(after?.session).toMatchObject({ status: 'partially_refunded', amountRefunded: '30.00' })
    const rest = await h.service.createRefund({ sessionId: session.id })
    expect(rest).toMatchObject({ status: 'succeeded', amount: '70.00' })
    after = await h.service.getSession(session.id)
    expect(after?.session).toMatchObject({ status: 'refunded', amountRefunded: '100.00' })
    expect(after?.refunds).toHaveLength(2)
    expect((await listEvents(h.db)).map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'refund.succeeded',
        'session.partially_refunded',
        'session.refunded',
      ]),
    )
    const order = await h.sandboxOrder(payment.eftTradeNo as string)
    expect(order.amount_refunded).toBe('100.00')
  })

  it('refuses more than is left, and a refund of an unpaid or unknown payment', async () => {
    const { session, payment } = await paidSession()
    await expect(
      h.service.createRefund({ paymentId: payment.id, amount: '100.01' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'refund_exceeds_payment',
      param: 'amount',
    })
    await h.service.createRefund({ paymentId: payment.id, amount: '60.00' })
    await expect(
      h.service.createRefund({ sessionId: session.id, amount: '40.01' }),
    ).rejects.toMatchObject({
      code: 'refund_exceeds_payment',
    })
    await h.service.createRefund({ sessionId: session.id })
    await expect(h.service.createRefund({ sessionId: session.id })).rejects.toMatchObject({
      code: 'refund_exceeds_payment',
    })
    const open = await newSession(h)
    await expect(h.service.createRefund({ sessionId: open.id })).rejects.toMatchObject({
      status: 409,
      code: 'payment_not_refundable',
    })
    await expect(h.service.createRefund({ paymentId: 'py_nope' })).rejects.toMatchObject({
      status: 404,
    })
    await expect(h.service.createRefund({})).rejects.toMatchObject({
      status: 400,
      param: 'payment_id',
    })
    await expect(
      h.service.createRefund({ paymentId: payment.id, amount: '-1' }),
    ).rejects.toMatchObject({
      status: 400,
      param: 'amount',
    })
  })

  it('concurrent refunds can never add up to more than was paid', async () => {
    const { payment } = await paidSession('10.00')
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        h.service.createRefund({ paymentId: payment.id, amount: '3.00' }),
      ),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    expect(ok).toHaveLength(3)
    for (const r of results)
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ code: 'refund_exceeds_payment' })
  })

  it('a refund whose request failed with a 5xx stays pending; getRefund finds eftPay never took it and sends it again under the same number', async () => {
    const { payment } = await paidSession()
    // The refund request fails with a 5xx: its outcome is unknown, it stays pending.
    await h.faults({ servlet: 'JSAPIService.do', http_status: 500, count: 1 })
    const pending = await h.service.createRefund({ paymentId: payment.id, amount: '10.00' })
    expect(pending).toMatchObject({ status: 'pending' })
    expect((await findRefund(h.db, pending.id))?.dispatch).toBe('unknown')
    // getRefund queries; eftPay does not know it, so it is sent again under the same number.
    const followed = await h.service.getRefund(pending.id)
    expect(followed).toMatchObject({
      id: pending.id,
      status: 'succeeded',
      outRefundNo: pending.outRefundNo,
    })
    const order = await h.sandboxOrder(payment.eftTradeNo as string)
    expect(order.refunds).toHaveLength(1)
  })

  it('a refund the gateway answers TRADE_PROCESSING stays pending, is followed until final, and is never sent twice', async () => {
    await h.close()
    h = await startHarness({ refundDelayMs: 120_000 })
    const { session, payment } = await paidSession()
    const pending = await h.service.createRefund({ paymentId: payment.id, amount: '10.00' })
    expect(pending).toMatchObject({ status: 'pending' })
    // Still processing: asking again changes nothing and sends no second refund.
    expect(await h.service.getRefund(pending.id)).toMatchObject({ status: 'pending' })
    h.clock.advance(31)
    await h.service.reconcile()
    expect((await findRefund(h.db, pending.id))?.status).toBe('pending')
    // Final at the gateway: the next query settles it.
    h.clock.advance(120)
    expect(await h.service.getRefund(pending.id)).toMatchObject({ status: 'succeeded' })
    const order = await h.sandboxOrder(payment.eftTradeNo as string)
    expect(order.refunds).toHaveLength(1)
    expect(order.amount_refunded).toBe('10.00')
    const refundCalls = h.gatewayCalls.filter((call) => call.service?.endsWith('Refund'))
    expect(refundCalls).toHaveLength(1)
    expect((await h.service.getSession(session.id))?.session.amountRefunded).toBe('10.00')
  })

  it('a refund whose reply is lost after eftPay took it (a timeout) ends succeeded, with no second refund', async () => {
    await h.close()
    h = await startHarness({ timeoutMs: 1_000 })
    const { session, payment } = await paidSession()
    // eftPay takes the refund, but its reply comes long after the signer stopped waiting.
    await h.faults({ servlet: 'JSAPIService.do', latency_ms: 4_000, count: 1 })
    const pending = await h.service.createRefund({ paymentId: payment.id, amount: '10.00' })
    expect(pending).toMatchObject({ status: 'pending' })
    // Wait until eftPay has processed the late request (it holds the refund) before asking.
    for (let i = 0; i < 200; i++) {
      const order = await h.sandboxOrder(payment.eftTradeNo as string)
      if ((order.refunds as unknown[] | undefined)?.length) break
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(await h.service.getRefund(pending.id)).toMatchObject({
      status: 'succeeded',
      outRefundNo: pending.outRefundNo,
    })
    h.clock.advance(31)
    await h.service.reconcile()
    const order = await h.sandboxOrder(payment.eftTradeNo as string)
    expect(order.refunds).toHaveLength(1)
    expect(order.amount_refunded).toBe('10.00')
    expect((await h.service.getSession(session.id))?.session.amountRefunded).toBe('10.00')
  })

  it('the reconciler follows a pending refund', async () => {
    const { payment } = await paidSession()
    await h.faults({ servlet: 'JSAPIService.do', http_status: 500, count: 1 })
    const pending = await h.service.createRefund({ paymentId: payment.id })
    h.clock.advance(31)
    const report = await h.service.reconcile()
    expect(report).toMatchObject({ refundsQueried: 1, refundsChanged: 1 })
    expect((await findRefund(h.db, pending.id))?.status).toBe('succeeded')
  })

  it('a second success on a paid session is refunded automatically and reported', async () => {
    const { session, first, duplicate } = await payTwice(h)
    const after = await h.service.getSession(session.id)
    expect(after?.session).toMatchObject({
      status: 'paid',
      amountPaid: '128.00',
      amountRefunded: '0.00',
    })
    expect(after?.payments.map((p) => p.status)).toEqual(['succeeded', 'succeeded'])
    expect(after?.refunds).toHaveLength(1)
    expect(after?.refunds[0]).toMatchObject({
      paymentId: duplicate.id,
      automatic: true,
      status: 'succeeded',
      amount: '128.00',
    })
    const [reported] = await listEvents(h.db, { type: 'payment.duplicate_refunded' })
    const body = JSON.parse(reported?.payload as string)
    expect(body.data.payment.id).toBe(duplicate.id)
    expect(body.data.refund.payment_id).toBe(duplicate.id)
    expect((await h.sandboxOrder(duplicate.eftTradeNo as string)).amount_refunded).toBe('128.00')
    // The merchant can still refund the payment that paid the session.
    await expect(h.service.createRefund({ sessionId: session.id })).resolves.toMatchObject({
      paymentId: first.id,
    })
  })
})

describe('Apple Pay token payments', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })
  const token = (data = 'c2FuZGJveA==') =>
    JSON.stringify({
      version: 'EC_v1',
      data,
      signature: 'sig',
      header: { ephemeralPublicKey: 'k', publicKeyHash: 'h', transactionId: 't' },
    })

  it('answers synchronously with succeeded, and the session is paid', async () => {
    const session = await newSession(h)
    const payment = await h.service.payWithApplePay({
      sessionId: session.id,
      tokenId: token(),
      device: PHONE,
    })
    expect(payment).toMatchObject({
      status: 'succeeded',
      wallet: 'APPLEPAY',
      service: 'service.mpgs.token.ApplePay',
    })
    await h.sandbox.idle()
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
    const refund = await h.service.createRefund({ sessionId: session.id, amount: '1.00' })
    expect(refund.status).toBe('succeeded')
  })

  it('a declined token is failed and the session stays open', async () => {
    const session = await newSession(h)
    const payment = await h.service.payWithApplePay({
      sessionId: session.id,
      tokenId: token('DECLINE'),
      device: PHONE,
    })
    expect(payment.status).toBe('failed')
    await h.sandbox.idle()
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
  })
})
