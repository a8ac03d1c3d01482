import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WALLETS } from '../../src/contract/vocabulary.js'
import { routeWallet } from '../../src/gateway/routing-table.js'
import {
  choose,
  createSession,
  followReturn,
  getSession,
  movableClock,
  SHOP,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * The whole flow over real HTTP against the built-in sandbox: merchant creates a session, the
 * shopper's browser starts a payment, presses a button on the sandbox pay page, the notification
 * (or, for Octopus, a query) settles it, and the return address forwards the shopper.
 */

const PHONE = { os: 'ios', mobile: true, in_app: 'none' }
const DESKTOP = { os: 'others', mobile: false, in_app: 'none' }

let signer: TestSigner
const time = movableClock()
const tmp = tempDir()

beforeAll(async () => {
  signer = await startTestSigner({ dbFile: `${tmp.dir}/flows.db`, clock: time.clock })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

/**
 * Waits for the sandbox's notification, then settles notification-less wallets (Octopus) the way
 * production does: the reconciler queries. Only those: a wallet that notifies must be settled by
 * its notification alone, so a broken notification path fails here instead of being hidden by a
 * query.
 */
async function settle(sessionId: string, route: { notifies: boolean } = { notifies: true }) {
  await signer.sandbox?.idle()
  if (!route.notifies) {
    time.advance(60_000)
    await signer.service.reconcile()
  }
  return getSession(signer, sessionId)
}

describe('each wallet in the routing table, phone and desktop', () => {
  for (const wallet of WALLETS) {
    for (const [name, device] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      it(`${wallet} on a ${name}: pay, paid, return to success_url`, async () => {
        const session = await createSession(signer)
        const { status, payment } = await startPayment(signer, session, wallet, device)
        expect(status).toBe(201)
        const route = routeWallet(wallet, device as never)
        expect(payment.service).toBe(route.service)
        expect(payment.next_action?.type).toBe(route.nextAction)
        expect(payment.out_trade_no.length).toBeLessThanOrEqual(28)
        const page = await choose(payment.next_action?.url ?? '', 'success')
        const paid = await settle(session.id, route)
        expect(paid.status).toBe('paid')
        expect(paid.amount_paid).toBe('128.00')
        expect(paid.payments[0]?.status).toBe('succeeded')
        const back = await followReturn(page)
        expect(back.status).toBe(303)
        expect(back.headers.get('location')).toBe(`${SHOP}/thanks?session_id=${session.id}`)
      })
    }
  }
})

describe('failure, cancel and expiry', () => {
  it('a failed payment leaves the session open and returns to cancel_url', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    const page = await choose(payment.next_action?.url ?? '', 'fail')
    const after = await settle(session.id)
    expect(after.status).toBe('open')
    expect(after.payments[0]?.status).toBe('failed')
    const back = await followReturn(page)
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(`${SHOP}/cart?session_id=${session.id}`)
    // The shopper can try again with another wallet, and pay.
    const second = await startPayment(signer, session, 'WECHATHK')
    expect(second.status).toBe(201)
    await choose(second.payment.next_action?.url ?? '', 'success')
    expect((await settle(session.id)).status).toBe('paid')
  })

  it('a cancelled payment returns to cancel_url', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'PAYME')
    const page = await choose(payment.next_action?.url ?? '', 'cancel')
    const after = await settle(session.id)
    expect(after.status).toBe('open')
    expect(after.payments[0]?.status).not.toBe('succeeded')
    const back = await followReturn(page)
    expect(back.headers.get('location')).toBe(`${SHOP}/cart?session_id=${session.id}`)
  })

  it('a session whose lifetime is over is expired by the reconciler', async () => {
    const session = await createSession(signer, { expires_in: 120 })
    await startPayment(signer, session, 'ALIPAYHK')
    time.advance(2 * 3600_000)
    await signer.service.reconcile()
    const after = await getSession(signer, session.id)
    expect(after.status).toBe('expired')
    expect(after.payments[0]?.status).toBe('expired')
    const res = await signer.api(`/v1/sessions/${session.id}/payments`, {
      key: false,
      json: { client_secret: session.client_secret, wallet: 'ALIPAYHK', device: PHONE },
    })
    expect(res.status).toBe(409)
  })
})

describe('idempotency', () => {
  it('a double click answers the same pending payment, not a second gateway order', async () => {
    const session = await createSession(signer)
    const [a, b] = await Promise.all([
      startPayment(signer, session, 'ALIPAYHK'),
      startPayment(signer, session, 'ALIPAYHK'),
    ])
    expect(a.payment.id).toBe(b.payment.id)
    expect([a.status, b.status].sort()).toEqual([200, 201])
    const again = await startPayment(signer, session, 'ALIPAYHK')
    expect(again.status).toBe(200)
    expect(again.payment.eft_trade_no).toBe(a.payment.eft_trade_no)
    expect((await getSession(signer, session.id)).payments).toHaveLength(1)
  })
})

describe('Apple Pay', () => {
  const token = {
    version: 'EC_v1',
    data: 'c2FuZGJveA==',
    signature: 'c2ln',
    header: { ephemeralPublicKey: 'a', publicKeyHash: 'b', transactionId: 'c' },
  }

  it('validates the merchant in sandbox mode and answers a token payment with its final status', async () => {
    const session = await createSession(signer)
    const validate = await signer.api(`/v1/sessions/${session.id}/apple-pay/validate`, {
      key: false,
      json: {
        client_secret: session.client_secret,
        validation_url: 'https://apple-pay-gateway.apple.com/paymentservices/paymentSession',
      },
    })
    expect(validate.status).toBe(200)
    expect(await validate.json()).toHaveProperty('merchantSessionIdentifier')
    const res = await signer.api(`/v1/sessions/${session.id}/apple-pay/payments`, {
      key: false,
      json: { client_secret: session.client_secret, token },
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ status: 'succeeded', wallet: 'APPLEPAY' })
    expect((await getSession(signer, session.id)).status).toBe('paid')
    expect(signer.logs.join('')).not.toContain('c2FuZGJveA==')
  })

  it('answers a declined token as failed', async () => {
    const session = await createSession(signer, { amount: '10.77' })
    const res = await signer.api(`/v1/sessions/${session.id}/apple-pay/payments`, {
      key: false,
      json: { client_secret: session.client_secret, token },
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ status: 'failed' })
    expect((await getSession(signer, session.id)).status).toBe('open')
  })
})
