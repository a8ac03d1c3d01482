import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayClient } from '../gateway/client.js'
import type { Db } from '../store/db.js'
import { openDatabase } from '../store/open.js'
import { createPaymentsService } from './payments-service.js'

/**
 * A duplicate payment whose automatic refund failed, and which the merchant then refunded in full
 * by hand, is not refunded again by the retry (duplicate-refunds.ts: nothing is sent once nothing
 * is refundable). Found by mutation testing (docs/development.md#mutation-testing): with
 * `left <= 0n` made `left < 0n` in state-changes.ts, a refund of 0.00 went to eftPay unnoticed.
 */

const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const

const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
})

/** Every order paid for 12.50; the first refund request fails, the later ones are done. */
function gateway(refunds: { amount: string }[]): GatewayClient {
  const refuse = () => Promise.reject(new Error('not used here'))
  return {
    preOrder: async (input) => ({
      return_status: '00',
      pay_apptrade: 'https://pay.example/1',
      eft_trade_no: `EFT-${input.out_trade_no}`,
      out_trade_no: input.out_trade_no,
    }),
    query: async (input) => ({
      return_status: '00',
      out_trade_no: input.out_trade_no ?? '',
      trade_status: 'TRADE_SUCCESS',
      transaction_amount: '12.50',
      currency: 'HKD',
    }),
    refund: async (input) => {
      refunds.push({ amount: input.return_amount })
      return {
        return_status: '00',
        out_trade_no: input.out_trade_no,
        out_refund_no: input.out_refund_no,
        ...(refunds.length === 1
          ? { trade_status: 'TRADE_FAIL' }
          : { trade_status: 'TRADE_CLOSED', return_amount: input.return_amount }),
      }
    },
    applePay: refuse,
    googlePay: refuse,
    refundStatus: refuse,
  }
}

describe('the retry of a failed automatic refund', () => {
  it('sends nothing once the merchant refunded the duplicate in full by hand', async () => {
    const db = await openDatabase('sqlite::memory:')
    opened.push(db)
    const refunds: { amount: string }[] = []
    const service = createPaymentsService({
      db,
      gateway: gateway(refunds),
      secret: 's',
      userKey: 'k',
      publicUrl: 'https://signer.example',
      options: { duplicateRefundBackoffSeconds: 0 },
    })
    const session = await service.createSession({
      amount: '12.50',
      currency: 'HKD',
      subject: 'Tea',
      successUrl: 'https://shop.example/ok',
      cancelUrl: 'https://shop.example/no',
    })
    const first = await service.startPayment({
      sessionId: session.id,
      wallet: 'ALIPAYHK',
      device: PHONE,
    })
    const second = await service.startPayment({
      sessionId: session.id,
      wallet: 'WECHATHK',
      device: PHONE,
    })
    expect((await service.refreshPayment(first.payment.id)).status).toBe('succeeded')
    // The second success is refunded automatically: that refund fails.
    expect((await service.refreshPayment(second.payment.id)).status).toBe('succeeded')
    expect(refunds).toEqual([{ amount: '12.50' }])

    const byHand = await service.createRefund({ paymentId: second.payment.id })
    expect(byHand).toMatchObject({ amount: '12.50', status: 'succeeded' })
    expect(refunds).toHaveLength(2)

    await service.reconcile()
    expect(refunds).toHaveLength(2)
  })
})
