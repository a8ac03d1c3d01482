import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayClient } from '../gateway/client.js'
import type { Db } from '../store/db.js'
import { openDatabase } from '../store/open.js'
import { createPaymentsService } from './payments-service.js'

/**
 * Signed gateway answers that are not believed (docs/api.md "State rules"): a query's success that
 * states no amount, a query about a refund read as one about the sale, and refund answers about
 * another trade, for another amount or a success without amount. Each leaves the record pending, to
 * be asked again, where applying it would move money truth (sale-answer.ts, refund-answer.ts).
 * Found by mutation testing (docs/development.md#mutation-testing): nothing else pinned these.
 */

const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const
type Reply = { trade_status: string } & Record<string, string>

const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
})

/**
 * A gateway that takes the PreOrder and answers from the test's replies: `saleQuery` for a query
 * of the order, `refund` for the refund request, `refundQuery` for a query with `refund_no`.
 */
function gatewayAnswering(replies: { saleQuery: Reply; refund?: Reply; refundQuery?: Reply }) {
  const processing: Reply = { trade_status: 'TRADE_PROCESSING' }
  const refuse = () => Promise.reject(new Error('not used here'))
  const gateway: GatewayClient = {
    preOrder: async (input) => ({
      return_status: '00',
      pay_apptrade: 'https://pay.example/1',
      eft_trade_no: 'EFT1',
      out_trade_no: input.out_trade_no,
    }),
    query: async (input) => ({
      return_status: '00',
      out_trade_no: input.out_trade_no ?? '',
      ...(input.refund_no === undefined ? replies.saleQuery : (replies.refundQuery ?? processing)),
    }),
    refund: async (input) => ({
      return_status: '00',
      out_trade_no: input.out_trade_no,
      out_refund_no: input.out_refund_no,
      ...(replies.refund ?? processing),
    }),
    applePay: refuse,
    googlePay: refuse,
    refundStatus: refuse,
  }
  return gateway
}

async function serviceWithPayment(replies: Parameters<typeof gatewayAnswering>[0]) {
  const db = await openDatabase('sqlite::memory:')
  opened.push(db)
  const service = createPaymentsService({
    db,
    gateway: gatewayAnswering(replies),
    secret: 's',
    userKey: 'k',
    publicUrl: 'https://signer.example',
  })
  const session = await service.createSession({
    amount: '12.50',
    currency: 'HKD',
    subject: 'Tea',
    successUrl: 'https://shop.example/ok',
    cancelUrl: 'https://shop.example/no',
  })
  const { payment } = await service.startPayment({
    sessionId: session.id,
    wallet: 'ALIPAYHK',
    device: PHONE,
  })
  return { service, payment: await service.refreshPayment(payment.id) }
}

const PAID: Reply = { trade_status: 'TRADE_SUCCESS', transaction_amount: '12.50', currency: 'HKD' }

/** A paid payment's refund of 5.00, with the refund request and the refund query answering so. */
async function refundAnswered(refund: Reply) {
  const { service, payment } = await serviceWithPayment({
    saleQuery: PAID,
    refund,
  })
  expect(payment.status).toBe('succeeded')
  return service.createRefund({ paymentId: payment.id, amount: '5.00' })
}

describe("a query's answer about the sale", () => {
  it('does not believe a success that states no amount: the payment stays pending', async () => {
    const { payment } = await serviceWithPayment({ saleQuery: { trade_status: 'TRADE_SUCCESS' } })
    expect(payment.status).toBe('pending')
  })

  it('applies a failure that states no amount: it moves no money', async () => {
    const { payment } = await serviceWithPayment({ saleQuery: { trade_status: 'TRADE_FAIL' } })
    expect(payment.status).toBe('failed')
  })

  it("does not read a refund's TRADE_CLOSED (fully refunded) as a failed sale", async () => {
    const { payment } = await serviceWithPayment({
      saleQuery: {
        trade_type: 'REFUND',
        trade_status: 'TRADE_CLOSED',
        transaction_amount: '12.50',
      },
    })
    expect(payment.status).toBe('pending')
  })

  it('applies the same success when it states the amount (the control)', async () => {
    const { payment } = await serviceWithPayment({ saleQuery: PAID })
    expect(payment.status).toBe('succeeded')
  })
})

describe("a refund's answer", () => {
  it('is not applied when it is about another trade type than a refund', async () => {
    const refund = await refundAnswered({
      trade_type: 'SALE',
      trade_status: 'TRADE_REFUND',
      return_amount: '5.00',
    })
    expect(refund.status).toBe('pending')
  })

  it('is not applied when it states another amount than the refund', async () => {
    const refund = await refundAnswered({ trade_status: 'TRADE_REFUND', return_amount: '4.00' })
    expect(refund.status).toBe('pending')
  })

  it('does not believe a refund success (TRADE_REFUND, TRADE_CLOSED) that states no amount', async () => {
    expect((await refundAnswered({ trade_status: 'TRADE_REFUND' })).status).toBe('pending')
    expect((await refundAnswered({ trade_status: 'TRADE_CLOSED' })).status).toBe('pending')
  })

  it('applies a refund success for its own amount (the control)', async () => {
    const refund = await refundAnswered({
      trade_type: 'REFUND',
      trade_status: 'TRADE_REFUND',
      return_amount: '5.00',
    })
    expect(refund.status).toBe('succeeded')
  })
})
