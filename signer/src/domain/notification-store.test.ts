import { afterEach, describe, expect, it } from 'vitest'
import type { GatewayClient } from '../gateway/client.js'
import { formatGatewayTime } from '../gateway/hk-time.js'
import { signPayload } from '../gateway/sign.js'
import type { Db } from '../store/db.js'
import { listNotifications } from '../store/notifications.js'
import { openDatabase } from '../store/open.js'
import { listEvents } from '../webhooks/outbox.js'
import { createPaymentsService } from './payments-service.js'

/**
 * A notification is stored and applied in one transaction (one commit per notification): these
 * pin what that must not change. Stored before it is acknowledged, even when applying fails; the
 * events carry the session as it was after each change; a forged body never throws.
 */

const SECRET = 'notification-store-test-secret'
const USER_KEY = 'user-key-1'
const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const

/** What these tests read of an event's `data` (docs/api.md "Merchant webhooks"). */
interface EventData {
  session: { payments: unknown[]; refunds: unknown[] } & Record<string, unknown>
  payment: Record<string, unknown>
}

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

/** The store, optionally with every outbox insert inside a transaction failing. */
async function setUp(options: { failOutbox?: boolean } = {}) {
  const real = await openDatabase('sqlite::memory:')
  opened.push(real)
  const failing = (tx: Db): Db => ({
    ...tx,
    query: (sql, params) => tx.query(sql, params),
    execute: (sql, params) => {
      if (sql.startsWith('INSERT INTO outbox'))
        return Promise.reject(new Error('outbox unavailable'))
      return tx.execute(sql, params)
    },
    transaction: (fn) => fn(failing(tx)),
  })
  const db: Db = options.failOutbox
    ? { ...real, transaction: (fn) => real.transaction((tx) => fn(failing(tx))) }
    : real
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
  const notification = signPayload(
    {
      notify_type: 'trade_status_sync',
      user_confirm_key: USER_KEY,
      out_trade_no: payment.outTradeNo,
      eft_trade_no: payment.eftTradeNo ?? '',
      total_fee: '12.50',
      currency: 'HKD',
      trade_status: 'TRADE_SUCCESS',
      time: formatGatewayTime(new Date()),
    },
    SECRET,
  )
  return { db: real, service, session, payment, notification }
}

describe('storing and applying a notification', () => {
  it('applies it once, with events whose session snapshots are as of each change', async () => {
    const { db, service, session, payment, notification } = await setUp()
    expect((await service.handleNotification(notification)).status).toBe(200)
    expect((await service.handleNotification(notification)).status).toBe(200)
    const [stored, ...more] = await listNotifications(db, payment.outTradeNo)
    expect(more).toEqual([])
    expect(stored).toMatchObject({ result: 'applied' })
    const events = (await listEvents(db)).map(
      (e) => JSON.parse(e.payload) as { type: string; data: EventData },
    )
    // Both are written in the same millisecond: listEvents' order between them is the ids' (random).
    expect(events.map((e) => e.type).sort()).toEqual(['payment.succeeded', 'session.paid'])
    const succeeded = events.find((e) => e.type === 'payment.succeeded')
    const paid = events.find((e) => e.type === 'session.paid')
    expect(succeeded?.data.session).toMatchObject({
      id: session.id,
      status: 'open',
      amount_paid: '0.00',
    })
    expect(succeeded?.data.session.payments).toMatchObject([
      { id: payment.id, status: 'succeeded' },
    ])
    expect(succeeded?.data.payment).toMatchObject({ id: payment.id, status: 'succeeded' })
    expect(paid?.data.session).toMatchObject({
      id: session.id,
      status: 'paid',
      amount_paid: '12.50',
    })
    expect(paid?.data.session.payments).toMatchObject([{ id: payment.id, status: 'succeeded' }])
    expect(paid?.data.session.refunds).toEqual([])
  })

  it('keeps it stored, unacknowledged and unapplied, when applying fails', async () => {
    const { db, service, payment, notification } = await setUp({ failOutbox: true })
    await expect(service.handleNotification(notification)).rejects.toThrow('outbox unavailable')
    expect(await listNotifications(db, payment.outTradeNo)).toMatchObject([{ result: 'received' }])
    const [row] = await db.query<{ status: string }>('SELECT status FROM payments WHERE id = ?', [
      payment.id,
    ])
    expect(row?.status).toBe('pending')
    expect(await listEvents(db)).toEqual([])
  })

  it('refuses a forged body with object values without throwing', async () => {
    const { service } = await setUp()
    const forged = JSON.parse(
      '{"sign":{"toString":false},"out_trade_no":{"toString":false}}',
    ) as Record<string, unknown>
    expect((await service.handleNotification(forged)).status).toBe(400)
  })
})
