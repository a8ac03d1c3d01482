import { afterEach, describe, expect, it } from 'vitest'
import { verifyWebhook } from '../../src/webhooks/verify-webhook.js'
import {
  choose,
  createSession,
  eventually,
  getSession,
  startPayment,
  startTestSigner,
  tempDir,
  webhookReceiver,
} from './harness.js'

/** Merchant webhooks (signed, retried, surviving a restart) and state surviving a restart. */

const WEBHOOK_SECRET = 'whsec_integration_0123456789abcdef'
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('merchant webhooks', () => {
  it('are delivered signed, and retried while the receiver answers 500', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.remove)
    const receiver = await webhookReceiver((n) => (n <= 2 ? 500 : 200))
    cleanups.push(receiver.close)
    const signer = await startTestSigner({
      dbFile: `${tmp.dir}/hooks.db`,
      env: { MERCHANT_WEBHOOK_URL: receiver.url, MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET },
    })
    cleanups.push(() => signer.close())
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    await choose(payment.next_action?.url ?? '', 'success')
    const events = await eventually(() => {
      const types = receiver.received.map(
        (r) => verifyWebhook({ payload: r.body, header: r.signature, secret: WEBHOOK_SECRET }).type,
      )
      return types.includes('session.paid') ? receiver.received : undefined
    })
    expect(receiver.calls()).toBeGreaterThan(events.length)
    const paid = events
      .map((r) => verifyWebhook({ payload: r.body, header: r.signature, secret: WEBHOOK_SECRET }))
      .find((e) => e.type === 'session.paid')
    expect(paid?.id).toMatch(/^ev_/)
    expect(paid?.data.session).toMatchObject({ id: session.id, status: 'paid' })
    // A wrong secret or a tampered body does not verify.
    const first = events[0]
    expect(() =>
      verifyWebhook({
        payload: first?.body ?? '',
        header: first?.signature,
        secret: 'whsec_wrong_secret_0000000000',
      }),
    ).toThrow()
    expect(() =>
      verifyWebhook({
        payload: `${first?.body} `,
        header: first?.signature,
        secret: WEBHOOK_SECRET,
      }),
    ).toThrow()
  })

  it('are still delivered after a restart, and the state survives it', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.remove)
    const dbFile = `${tmp.dir}/restart.db`
    let up = false
    const receiver = await webhookReceiver(() => (up ? 200 : 503))
    cleanups.push(receiver.close)
    const env = { MERCHANT_WEBHOOK_URL: receiver.url, MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET }

    const first = await startTestSigner({ dbFile, env })
    const session = await createSession(first)
    const { payment } = await startPayment(first, session, 'ALIPAYHK')
    await choose(payment.next_action?.url ?? '', 'success')
    await first.sandbox?.idle()
    expect((await getSession(first, session.id)).status).toBe('paid')
    await eventually(() => receiver.calls() > 0 || undefined)
    await first.close()
    expect(receiver.received).toHaveLength(0)

    up = true
    const second = await startTestSigner({ dbFile, env })
    cleanups.push(() => second.close())
    const again = await getSession(second, session.id)
    expect(again).toMatchObject({
      id: session.id,
      status: 'paid',
      amount_paid: '128.00',
      client_secret: session.client_secret,
    })
    expect(again.payments[0]).toMatchObject({
      id: payment.id,
      status: 'succeeded',
      eft_trade_no: payment.eft_trade_no,
    })
    const delivered = await eventually(() => {
      const events = receiver.received.map((r) =>
        verifyWebhook({ payload: r.body, header: r.signature, secret: WEBHOOK_SECRET }),
      )
      return events.length >= 2 ? events : undefined
    })
    // Delivered by the restarted signer: each event once, in the order it was written, and the
    // outbox knows it (nothing left to send again).
    expect(delivered.map((e) => e.type)).toEqual(['payment.succeeded', 'session.paid'])
    expect(new Set(delivered.map((e) => e.id)).size).toBe(2)
    await eventually(async () => {
      const rows = await second.db.query<{ status: string }>('SELECT status FROM outbox')
      return rows.length === 2 && rows.every((r) => r.status === 'delivered') ? true : undefined
    })
    expect(receiver.received).toHaveLength(2)
    // A public read with the old client secret still works: nothing was lost with the process.
    const pub = await second.api(
      `/v1/sessions/${session.id}?client_secret=${encodeURIComponent(session.client_secret)}`,
      { key: false },
    )
    expect(pub.status).toBe(200)
  })
})
