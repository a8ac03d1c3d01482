import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayClient } from '../gateway/client.js'
import type { Db } from '../store/db.js'
import { openDatabase } from '../store/open.js'
import { listEvents } from '../webhooks/outbox.js'
import { createPaymentsService } from './payments-service.js'

/**
 * What a merchant's refund ending changes (state-changes.ts `applyRefundStatus`): a failed refund
 * is told as `refund.failed` and leaves the session paid; only succeeded refunds count towards the
 * session's refunded amount, each one's; a refund by hand is never told as a duplicate's; and
 * `session.paid` names the payment that paid. Found by mutation testing
 * (docs/development.md#mutation-testing): each of these could change unnoticed.
 */

const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const

const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
})

/** The order paid for 12.50; refund requests answered in turn from `answers` (final each). */
function gateway(answers: string[]): GatewayClient {
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
      trade_status: 'TRADE_SUCCESS',
      transaction_amount: '12.50',
      currency: 'HKD',
    }),
    refund: async (input) => ({
      return_status: '00',
      out_trade_no: input.out_trade_no,
      out_refund_no: input.out_refund_no,
      trade_status: answers.shift() ?? 'TRADE_PROCESSING',
      return_amount: input.return_amount,
    }),
    applePay: refuse,
    googlePay: refuse,
    refundStatus: refuse,
  }
}

async function paidSession(answers: string[]) {
  const db = await openDatabase('sqlite::memory:')
  opened.push(db)
  const service = createPaymentsService({
    db,
    gateway: gateway(answers),
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
  expect((await service.refreshPayment(payment.id)).status).toBe('succeeded')
  const types = async () => (await listEvents(db)).map((event) => event.type)
  return { db, service, session, payment, types }
}

describe('a refund that ends', () => {
  it('failed: is told as refund.failed, and the session stays paid with nothing refunded', async () => {
    const { service, session, payment, types } = await paidSession(['TRADE_FAIL'])
    const refund = await service.createRefund({ paymentId: payment.id, amount: '5.00' })
    expect(refund.status).toBe('failed')
    expect((await service.getSession(session.id))?.session).toMatchObject({
      status: 'paid',
      amountRefunded: '0.00',
    })
    expect(await types()).toEqual(['payment.succeeded', 'session.paid', 'refund.failed'])
  })

  it('succeeded after a failed one: only the succeeded amount counts as refunded', async () => {
    const { service, session, payment, types } = await paidSession(['TRADE_FAIL', 'TRADE_REFUND'])
    expect((await service.createRefund({ paymentId: payment.id, amount: '5.00' })).status).toBe(
      'failed',
    )
    expect((await service.createRefund({ paymentId: payment.id, amount: '5.00' })).status).toBe(
      'succeeded',
    )
    expect((await service.getSession(session.id))?.session).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: '5.00',
    })
    expect(await types()).toEqual([
      'payment.succeeded',
      'session.paid',
      'refund.failed',
      'refund.succeeded',
      'session.partially_refunded',
    ])
  })

  it('succeeded twice in part: the session counts both, then is refunded by the rest', async () => {
    const { service, session, payment, types } = await paidSession([
      'TRADE_REFUND',
      'TRADE_REFUND',
      'TRADE_CLOSED',
    ])
    await service.createRefund({ paymentId: payment.id, amount: '2.00' })
    await service.createRefund({ paymentId: payment.id, amount: '3.00' })
    expect((await service.getSession(session.id))?.session).toMatchObject({
      status: 'partially_refunded',
      amountRefunded: '5.00',
    })
    await service.createRefund({ paymentId: payment.id })
    expect((await service.getSession(session.id))?.session).toMatchObject({
      status: 'refunded',
      amountRefunded: '12.50',
    })
    expect((await types()).slice(2)).toEqual([
      'refund.succeeded',
      'session.partially_refunded',
      'refund.succeeded',
      'session.partially_refunded',
      'refund.succeeded',
      'session.refunded',
    ])
  })
})

describe('a payment that pays its session', () => {
  it('is carried by session.paid as the payment that paid it', async () => {
    const { payment, db } = await paidSession([])
    const [paid] = await listEvents(db, { type: 'session.paid' })
    expect(JSON.parse(paid?.payload ?? '{}').data.payment).toMatchObject({ id: payment.id })
  })
})
