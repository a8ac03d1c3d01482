import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attentionPage } from '../../src/contract/lists.js'
import { verifyWebhook } from '../../src/webhooks/verify-webhook.js'
import {
  choose,
  createSession,
  eventually,
  getSession,
  movableClock,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
  webhookReceiver,
} from './harness.js'

/**
 * The whole path of a payment eftPay never gives a final answer for, through the real signer
 * (NEEDS_ATTENTION_AFTER_HOURS from the environment): it stays pending however long, and past the
 * horizon a person is told, once, by every channel (docs/api.md "State rules"): the webhook, an
 * error-level log line, the metric and `GET /v1/attention`. Once eftPay answers, it settles and
 * leaves the list.
 */

const WEBHOOK_SECRET = 'whsec_attention_test_0123456789abcdef'
const HOURS = 24
let signer: TestSigner
let receiver: Awaited<ReturnType<typeof webhookReceiver>>
const time = movableClock()
const tmp = tempDir()

beforeAll(async () => {
  receiver = await webhookReceiver()
  signer = await startTestSigner({
    dbFile: `${tmp.dir}/attention.db`,
    clock: time.clock,
    env: {
      NEEDS_ATTENTION_AFTER_HOURS: String(HOURS),
      MERCHANT_WEBHOOK_URL: receiver.url,
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  })
})
afterAll(async () => {
  await signer.close()
  await receiver.close()
  tmp.remove()
})

const sandbox = (path: string, init: RequestInit = {}) =>
  fetch(`${signer.url}/sandbox${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  })
const attention = async () => {
  const res = await signer.api('/v1/attention')
  expect(res.status).toBe(200)
  return attentionPage.parse(await res.json())
}
const metric = async () =>
  /^signer_needs_attention\{object="payment"\} (\d+)$/m.exec(
    await (await signer.api('/metrics', { key: false })).text(),
  )?.[1]

describe('a payment eftPay gives no final answer for', () => {
  it('is flagged past NEEDS_ATTENTION_AFTER_HOURS, once, everywhere, and leaves the list when settled', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'OCT')
    await (await choose(payment.next_action?.url as string, 'success')).arrayBuffer()
    // Octopus sends no notification; every query answers a status no page documents.
    const fault = await sandbox('/faults', {
      method: 'POST',
      body: JSON.stringify({
        servlet: 'QRcodeTradeQuery.do',
        add_fields: { trade_status: 'TRADE_FINISHED' },
      }),
    })
    expect(fault.status).toBe(200)

    time.advance(3600_000)
    await signer.service.reconcile()
    expect((await getSession(signer, session.id)).payments[0]?.status).toBe('pending')
    expect((await attention()).payments).toEqual([])
    expect(await metric()).toBe('0')

    time.advance(HOURS * 3600_000)
    await signer.service.reconcile()
    await signer.service.reconcile()
    const listed = await attention()
    expect(listed.payments.map((p) => [p.id, p.status, p.needs_attention])).toEqual([
      [payment.id, 'pending', true],
    ])
    expect(listed).toMatchObject({ refunds: [], has_more: false })
    expect(await metric()).toBe('1')
    expect(signer.logs.filter((l) => l.includes('PAYMENT NEEDS ATTENTION'))).toHaveLength(1)
    expect(signer.logs.find((l) => l.includes('PAYMENT NEEDS ATTENTION'))).toMatch(
      /"level":(50|"error")/,
    )
    const delivered = await eventually(() =>
      receiver.received.find((r) => r.body.includes('"payment.needs_attention"')),
    )
    const event = verifyWebhook({
      payload: delivered.body,
      header: delivered.signature,
      secret: WEBHOOK_SECRET,
      now: time.clock(),
    })
    expect(event.type).toBe('payment.needs_attention')
    expect(event.data.payment).toMatchObject({ id: payment.id, needs_attention: true })
    // The merchant's own view shows the flag; the browser's never does.
    expect(
      ((await getSession(signer, session.id)).payments[0] as Record<string, unknown>)
        .needs_attention,
    ).toBe(true)
    expect((await signer.api('/v1/attention', { key: false })).status).toBe(401)

    // eftPay answers a documented status again: paid, and off the list.
    await sandbox('/faults', { method: 'DELETE' })
    time.advance(3600_000)
    await signer.service.reconcile()
    expect((await getSession(signer, session.id)).status).toBe('paid')
    expect((await attention()).payments).toEqual([])
    expect(await metric()).toBe('0')
    await signer.service.reconcile()
    expect(
      receiver.received.filter((r) => r.body.includes('"payment.needs_attention"')),
    ).toHaveLength(1)
  })
})
