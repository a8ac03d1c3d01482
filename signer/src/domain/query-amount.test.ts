import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayClient } from '../gateway/client.js'
import type { Db } from '../store/db.js'
import { openDatabase } from '../store/open.js'
import { createPaymentsService } from './payments-service.js'

/**
 * A query's TRADE_SUCCESS is money truth only for the amount that was asked for: a signed reply
 * whose `transaction_amount` differs from the payment's is logged and not applied (as for
 * notifications with a wrong `total_fee`).
 */

const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const
const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
})

/** A gateway that takes the PreOrder and answers every query TRADE_SUCCESS for `queriedAmount`. */
function gatewayAnswering(queriedAmount: string): GatewayClient {
  const refuse = () => Promise.reject(new Error('not used here'))
  return {
    preOrder: async (input) => ({
      return_status: '00',
      pay_apptrade: 'https://pay.example/1',
      eft_trade_no: 'EFT1',
      out_trade_no: input.out_trade_no,
    }),
    query: async (input) => ({
      return_status: '00',
      out_trade_no: input.out_trade_no ?? '',
      eft_trade_no: 'EFT1',
      trade_status: 'TRADE_SUCCESS',
      transaction_amount: queriedAmount,
    }),
    applePay: refuse,
    googlePay: refuse,
    refund: refuse,
    refundStatus: refuse,
  }
}

async function paymentAfterQuery(queriedAmount: string) {
  const db = await openDatabase('sqlite::memory:')
  opened.push(db)
  const service = createPaymentsService({
    db,
    gateway: gatewayAnswering(queriedAmount),
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
  return service.refreshPayment(payment.id)
}

describe('applying a query reply', () => {
  it('marks the payment paid when the queried amount is the payment amount ("12.5" is 12.50)', async () => {
    expect((await paymentAfterQuery('12.5')).status).toBe('succeeded')
  })

  it('does not apply a success for another amount, or for a malformed one', async () => {
    expect((await paymentAfterQuery('0.01')).status).toBe('pending')
    expect((await paymentAfterQuery('12.50.0')).status).toBe('pending')
  })
})
