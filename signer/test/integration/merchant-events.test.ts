import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventDelivery, eventList } from '../../src/contract/lists.js'
import {
  choose,
  createSession,
  eventually,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
  webhookReceiver,
} from './harness.js'

/**
 * The webhook events as the merchant sees them (docs/api.md "GET /v1/events"), over real HTTP with
 * a real receiver: a failing endpoint shows as `failing` with its response code and next attempt,
 * then `delivered`; an event sent again arrives again with the same id.
 */

let signer: TestSigner
let receiver: Awaited<ReturnType<typeof webhookReceiver>>
let endpointDown = true
const tmp = tempDir()

beforeAll(async () => {
  receiver = await webhookReceiver(() => (endpointDown ? 503 : 200))
  signer = await startTestSigner({
    dbFile: `${tmp.dir}/events.db`,
    env: {
      MERCHANT_WEBHOOK_URL: receiver.url,
      MERCHANT_WEBHOOK_SECRET: 'whsec_events_0123456789abcdef0123',
    },
  })
})
afterAll(async () => {
  await signer.close()
  await receiver.close()
  tmp.remove()
})

const events = async (query = '') => {
  const res = await signer.api(`/v1/events${query}`)
  expect(res.status).toBe(200)
  return eventList.parse(await res.json())
}
const receivedIds = () => receiver.received.map((r) => (JSON.parse(r.body) as { id: string }).id)

describe('GET /v1/events and POST /v1/events/{id}/resend', () => {
  it('shows failing deliveries, then delivered ones, and sends one again on request', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    await (await choose(payment.next_action?.url as string, 'success')).arrayBuffer()

    // The first event fails; the session's next one waits behind it (sent in order), untried.
    const failing = await eventually(async () => {
      const page = await events('?delivery=failing')
      return page.data.length === 1 && page.data[0]?.attempts ? page.data[0] : undefined
    })
    expect(failing.type).toBe('payment.succeeded')
    expect(failing.session_id).toBe(session.id)
    expect(failing.last_response_code).toBe(503)
    expect(failing.next_attempt_at).not.toBeNull()
    expect(failing.delivered_at).toBeNull()
    const waiting = (await events('?delivery=pending')).data
    expect(waiting.map((e) => [e.type, e.attempts, e.last_response_code])).toEqual([
      ['session.paid', 0, null],
    ])

    endpointDown = false
    const delivered = await eventually(async () => {
      const page = await events(`?delivery=delivered&session_id=${session.id}`)
      return page.data.length === 2 ? page.data : undefined
    })
    // Newest first: the session's events were written payment first, then session.
    expect(delivered.map((e) => e.type)).toEqual(['session.paid', 'payment.succeeded'])
    expect(delivered.every((e) => e.delivered_at !== null && e.next_attempt_at === null)).toBe(true)
    expect((await events('?type=session.paid')).data.map((e) => e.id)).toEqual([delivered[0]?.id])

    const paidEvent = delivered[0]?.id as string
    expect(receivedIds().filter((id) => id === paidEvent)).toHaveLength(1)
    const resent = await signer.api(`/v1/events/${paidEvent}/resend`, { method: 'POST' })
    expect(resent.status).toBe(200)
    const answer = eventDelivery.parse(await resent.json())
    expect(answer.id).toBe(paidEvent)
    expect(answer.delivery).toBe('pending')
    await eventually(() => receivedIds().filter((id) => id === paidEvent).length === 2 || undefined)
    const again = await eventually(async () => {
      const page = await events(`?delivery=delivered&type=session.paid`)
      return page.data[0]?.attempts === 2 ? page.data[0] : undefined
    })
    expect(again.id).toBe(paidEvent)
  })

  it('answers 404 for an unknown event and 400 naming a bad filter', async () => {
    const missing = await signer.api('/v1/events/ev_00000000000000000000/resend', {
      method: 'POST',
    })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(
      'event_not_found',
    )
    for (const [query, param] of [
      ['delivery=lost', 'delivery'],
      ['session_id=py_0000000000', 'session_id'],
      ['cursor=eyJrIjoiZXZlbnRzIn0.AAAA', 'cursor'],
    ]) {
      const res = await signer.api(`/v1/events?${query}`)
      expect(res.status, query).toBe(400)
      expect(((await res.json()) as { error: { param: string } }).error.param).toBe(param)
    }
    const badId = await signer.api('/v1/events/nope/resend', { method: 'POST' })
    expect(badId.status).toBe(400)
    expect((await signer.api('/v1/events', { key: false })).status).toBe(401)
  })
})
