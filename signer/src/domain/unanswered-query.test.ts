import { afterEach, describe, expect, it } from 'vitest'
import {
  type Harness,
  newSession,
  PHONE,
  startHarness,
  startPaying,
} from '../../test/domain/harness.js'
import type { GatewayClient } from '../gateway/client.js'
import { GatewayError } from '../gateway/gateway-error.js'
import { findPayment } from '../store/payments.js'

/**
 * A query the gateway does not answer with the documented "order does not exist" is no evidence
 * about the order: the payment stays pending, its order number is never sent again, and the
 * reconciler asks again with a doubling wait. The gateway client is the real one against the
 * sandbox, behind a switch that makes queries fail the way each refusal would.
 */

const REFUSALS: Array<[string, () => GatewayError]> = [
  ['a bad signature', () => new GatewayError({ kind: 'signature', message: 'bad sign' })],
  [
    'a time refusal',
    () => new GatewayError({ kind: 'rejected', returnStatus: '03', message: 'time' }),
  ],
  [
    'a parameter refusal',
    () => new GatewayError({ kind: 'rejected', returnStatus: '04', message: 'parameter' }),
  ],
  [
    'a system error',
    () => new GatewayError({ kind: 'rejected', returnStatus: '99', message: 'system' }),
  ],
  ['a timeout', () => new GatewayError({ kind: 'timeout', message: 'slow' })],
]

interface Switched {
  h: Harness
  /** Every query fails with this while set. */
  refuse(error: (() => GatewayError) | undefined): void
  preOrders(): number
}

async function startSwitched(): Promise<Switched> {
  let real: GatewayClient | undefined
  let refusal: (() => GatewayError) | undefined
  let preOrders = 0
  const client = () => real as GatewayClient
  const gateway: GatewayClient = {
    preOrder: (input) => {
      preOrders += 1
      return client().preOrder(input)
    },
    applePay: (input) => client().applePay(input),
    googlePay: (input) => client().googlePay(input),
    query: (input) => (refusal ? Promise.reject(refusal()) : client().query(input)),
    refund: (input) => client().refund(input),
    refundStatus: (input) => client().refundStatus(input),
  }
  const h = await startHarness({ deps: { gateway } })
  real = h.gateway
  return {
    h,
    refuse: (error) => {
      refusal = error
    },
    preOrders: () => preOrders,
  }
}

describe('a query the gateway does not answer', () => {
  let s: Switched | undefined
  afterEach(async () => {
    await s?.h.close()
    s = undefined
  })

  for (const [name, refusal] of REFUSALS) {
    it(`${name}: an order of unknown outcome stays pending and is not sent again`, async () => {
      s = await startSwitched()
      const { h } = s
      const session = await newSession(h)
      // The PreOrder's outcome is unknown (5xx): only a query can tell whether eftPay took it.
      await h.faults({ servlet: 'JSAPIService.do', http_status: 500, count: 1 })
      await expect(startPaying(h, session.id)).rejects.toThrow()
      expect(s.preOrders()).toBe(1)
      s.refuse(refusal)
      h.clock.advance(61)
      expect((await h.service.reconcile()).paymentsQueried).toBe(1)
      let payment = (await h.service.getSession(session.id))?.payments[0]
      expect(payment?.status).toBe('pending')
      // A retried start asks first; an unanswered query never re-sends the order number.
      await expect(
        h.service.startPayment({ sessionId: session.id, wallet: 'ALIPAYHK', device: PHONE }),
      ).rejects.toThrow()
      expect(s.preOrders()).toBe(1)
      payment = (await h.service.getSession(session.id))?.payments[0]
      expect(payment?.status).toBe('pending')
      expect((await findPayment(h.db, payment?.id as string))?.queryFailures).toBe(1)
    })
  }

  it('the reconciler backs off, doubling the wait, and resumes its pace once answered', async () => {
    s = await startSwitched()
    const { h } = s
    const session = await newSession(h)
    const payment = await startPaying(h, session.id, 'OCT')
    await h.pay(payment, 'success')
    s.refuse(() => new GatewayError({ kind: 'rejected', returnStatus: '99', message: 'system' }))
    h.clock.advance(31)
    expect((await h.service.reconcile()).paymentsQueried).toBe(1) // fails: wait 30 s
    h.clock.advance(31)
    expect((await h.service.reconcile()).paymentsQueried).toBe(1) // fails: wait 60 s
    h.clock.advance(31)
    expect((await h.service.reconcile()).paymentsQueried).toBe(0)
    h.clock.advance(30)
    expect((await h.service.reconcile()).paymentsQueried).toBe(1) // fails: wait 120 s
    expect((await findPayment(h.db, payment.id))?.status).toBe('pending')
    s.refuse(undefined)
    h.clock.advance(121)
    // Octopus sends no notification: the reconciler's answered query brings the success.
    expect(await h.service.reconcile()).toMatchObject({ paymentsQueried: 1, paymentsChanged: 1 })
    const after = await findPayment(h.db, payment.id)
    expect(after).toMatchObject({ status: 'succeeded', queryFailures: 0 })
    expect(after?.nextQueryAt).toBeUndefined()
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
  })

  it('only the documented "order does not exist" answer fails an order of unknown outcome', async () => {
    s = await startSwitched()
    const { h } = s
    const session = await newSession(h)
    await h.faults({ servlet: 'JSAPIService.do', http_status: 500, count: 1 })
    await expect(startPaying(h, session.id)).rejects.toThrow()
    s.refuse(() => new GatewayError({ kind: 'order-not-found', message: 'no such order' }))
    h.clock.advance(61)
    await h.service.reconcile()
    expect((await h.service.getSession(session.id))?.payments[0]?.status).toBe('failed')
  })
})
