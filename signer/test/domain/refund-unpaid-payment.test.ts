import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listPaymentRefunds } from '../../src/store/refunds.js'
import { type Harness, newSession, startHarness, startPaying } from './harness.js'

/**
 * Only a succeeded payment can be refunded (docs/api.md "POST /v1/refunds"). A refund named by
 * `payment_id` reaches that check directly: by `session_id` a session without a successful
 * payment is refused earlier, so that path alone would not notice the check gone.
 */
describe('a refund of a payment that has not succeeded, named by its payment_id', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  const refundCalls = () => h.gatewayCalls.filter((call) => call.service?.endsWith('Refund'))

  async function expectRefused(paymentId: string, status: string) {
    for (const amount of [undefined, '1.00'])
      await expect(
        h.service.createRefund({ paymentId, ...(amount ? { amount } : {}) }),
      ).rejects.toMatchObject({
        status: 409,
        code: 'payment_not_refundable',
        param: 'payment_id',
        message: expect.stringContaining(status),
      })
    expect(await listPaymentRefunds(h.db, paymentId)).toEqual([])
  }

  it('is refused while the payment is pending, and nothing is sent to eftPay', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    expect(payment.status).toBe('pending')
    await expectRefused(payment.id, 'pending')
    expect(refundCalls()).toEqual([])
  })

  it('is refused for a pending payment of a session another payment paid', async () => {
    const session = await newSession(h)
    const paid = await startPaying(h, session.id, 'ALIPAYHK')
    const other = await startPaying(h, session.id, 'WECHATHK')
    await h.pay(paid, 'success')
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
    await expectRefused(other.id, 'pending')
    expect(refundCalls()).toEqual([])
    // The paid one is refundable: the refusal above is about the payment, not the session.
    expect(await h.service.createRefund({ paymentId: paid.id, amount: '1.00' })).toMatchObject({
      status: 'succeeded',
    })
  })

  it('is refused for a failed payment', async () => {
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    await h.pay(payment, 'fail')
    expect((await h.service.getSession(session.id))?.payments[0]?.status).toBe('failed')
    await expectRefused(payment.id, 'failed')
    expect(refundCalls()).toEqual([])
  })
})
