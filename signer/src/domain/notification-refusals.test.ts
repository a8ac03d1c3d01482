import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayClient } from '../gateway/client.js'
import { formatGatewayTime } from '../gateway/hk-time.js'
import { signPayload } from '../gateway/sign.js'
import type { Db } from '../store/db.js'
import { listNotifications } from '../store/notifications.js'
import { openDatabase } from '../store/open.js'
import { createPaymentsService } from './payments-service.js'

/**
 * What a correctly signed notification still has to pass (notifications.ts), that one whose first
 * handling failed is applied when eftPay sends it again, and that the shopper's return follows what
 * eftPay's signed word says. Found by mutation testing (docs/development.md#mutation-testing): a
 * signed body the schema refuses, another merchant's `user_confirm_key`, the retry and a signed
 * return that is not a success were not pinned.
 */

const SECRET = 'notification-refusals-test-secret'
const USER_KEY = 'user-key-1'
const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const

const opened: Db[] = []
afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
})

function acceptingGateway(): GatewayClient {
  const refuse = () => Promise.reject(new Error('not used here'))
  return {
    preOrder: async (input) => ({
      return_status: '00',
      pay_apptrade: 'https://pay.example/1',
      eft_trade_no: '852000000000000000000000001',
      out_trade_no: input.out_trade_no,
    }),
    applePay: refuse,
    googlePay: refuse,
    query: refuse,
    refund: refuse,
    refundStatus: refuse,
  }
}

/** A pending payment, and a store whose outbox inserts fail while `outbox.down` is set. */
async function setUp() {
  const real = await openDatabase('sqlite::memory:')
  opened.push(real)
  const outbox = { down: false }
  const failing = (tx: Db): Db => ({
    ...tx,
    execute: (sql, params) =>
      outbox.down && sql.startsWith('INSERT INTO outbox')
        ? Promise.reject(new Error('outbox unavailable'))
        : tx.execute(sql, params),
    transaction: (fn) => fn(failing(tx)),
  })
  const db: Db = { ...real, transaction: (fn) => real.transaction((tx) => fn(failing(tx))) }
  const service = createPaymentsService({
    db,
    gateway: acceptingGateway(),
    secret: SECRET,
    userKey: USER_KEY,
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
  const signed = (fields: Record<string, string>) =>
    signPayload(
      {
        notify_type: 'trade_status_sync',
        user_confirm_key: USER_KEY,
        out_trade_no: payment.outTradeNo,
        total_fee: '12.50',
        currency: 'HKD',
        trade_status: 'TRADE_SUCCESS',
        time: formatGatewayTime(new Date()),
        ...fields,
      },
      SECRET,
    )
  const paymentStatus = async () =>
    (
      await real.query<{ status: string }>('SELECT status FROM payments WHERE id = ?', [payment.id])
    )[0]?.status
  return { db: real, service, session, payment, outbox, signed, paymentStatus }
}

describe('a signed notification that is still refused', () => {
  it('answers 400 with a signed "false" to one the schema refuses, and stores nothing', async () => {
    const { db, service, payment, signed, paymentStatus } = await setUp()
    // Signed with the right secret, but `time` is not yyyyMMddHHmmss.
    const outcome = await service.handleNotification(signed({ time: 'yesterday' }))
    expect(outcome.status).toBe(400)
    expect(outcome.ack.return_code).toBe('false')
    expect(await listNotifications(db, payment.outTradeNo)).toEqual([])
    expect(await paymentStatus()).toBe('pending')
  })

  it('answers 400 with a signed "false" to another merchant\'s user_confirm_key', async () => {
    const { db, service, payment, signed, paymentStatus } = await setUp()
    const outcome = await service.handleNotification(signed({ user_confirm_key: 'other-key-2' }))
    expect(outcome.status).toBe(400)
    expect(outcome.ack.return_code).toBe('false')
    expect(await listNotifications(db, payment.outTradeNo)).toEqual([])
    expect(await paymentStatus()).toBe('pending')
  })
})

describe('a notification sent again after its first handling failed', () => {
  it('is applied the second time (stored as received the first time, not as applied)', async () => {
    const { db, service, payment, outbox, signed, paymentStatus } = await setUp()
    const notification = signed({})
    outbox.down = true
    await expect(service.handleNotification(notification)).rejects.toThrow('outbox unavailable')
    expect(await listNotifications(db, payment.outTradeNo)).toMatchObject([{ result: 'received' }])
    expect(await paymentStatus()).toBe('pending')

    outbox.down = false
    const outcome = await service.handleNotification(notification)
    expect(outcome).toMatchObject({ status: 200, ack: { return_code: 'success' } })
    expect(await listNotifications(db, payment.outTradeNo)).toMatchObject([{ result: 'applied' }])
    expect(await paymentStatus()).toBe('succeeded')
  })
})

describe("the shopper's return", () => {
  it("sends to cancel_url on eftPay's signed word of this order that is not a success", async () => {
    const { service, session, signed } = await setUp()
    const closed = await service.handleReturn(session.id, signed({ trade_status: 'TRADE_CLOSED' }))
    expect(closed).toBe(`https://shop.example/no?session_id=${session.id}`)
    const paid = await service.handleReturn(session.id, signed({ trade_status: 'TRADE_SUCCESS' }))
    expect(paid).toBe(`https://shop.example/ok?session_id=${session.id}`)
  })
})
