import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventList } from '../../src/contract/lists.js'
import { session as sessionSchema } from '../../src/contract/responses.js'
import {
  choose,
  createSession,
  eventually,
  getSession,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * `POST /v1/sessions/{id}/expire` over real HTTP on a real store (docs/api.md "State rules"): an
 * open session expires once, with the reconciler's `session.expired` event; never while a payment
 * is pending with eftPay, never once paid.
 */

let signer: TestSigner
const tmp = tempDir()

beforeAll(async () => {
  signer = await startTestSigner({ dbFile: `${tmp.dir}/expire.db` })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

const expire = (id: string) => signer.api(`/v1/sessions/${id}/expire`, { method: 'POST' })
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code
const eventTypes = async (sessionId: string) => {
  const res = await signer.api(`/v1/events?session_id=${sessionId}`)
  return eventList.parse(await res.json()).data.map((e) => e.type)
}

describe('POST /v1/sessions/{id}/expire', () => {
  it('expires an open session once, with one session.expired event, and refuses payments after', async () => {
    const session = await createSession(signer)
    const first = await expire(session.id)
    expect(first.status).toBe(200)
    expect(sessionSchema.parse(await first.json()).status).toBe('expired')
    const again = await expire(session.id)
    expect(again.status).toBe(200)
    expect(sessionSchema.parse(await again.json()).status).toBe('expired')
    expect(await eventTypes(session.id)).toEqual(['session.expired'])
    const pay = await signer.api(`/v1/sessions/${session.id}/payments`, {
      method: 'POST',
      key: false,
      json: {
        client_secret: session.client_secret,
        wallet: 'ALIPAYHK',
        device: { os: 'ios', mobile: true, in_app: 'none' },
      },
    })
    expect(pay.status).toBe(409)
  })

  it('is 409 session_payment_in_flight while a payment is pending with eftPay', async () => {
    const session = await createSession(signer)
    await startPayment(signer, session, 'ALIPAYHK')
    const res = await expire(session.id)
    expect(res.status).toBe(409)
    expect(await errorCode(res)).toBe('session_payment_in_flight')
    expect((await getSession(signer, session.id)).status).toBe('open')
    expect(await eventTypes(session.id)).toEqual([])
  })

  it('is 409 session_paid for a paid session, 404 for none, 400 for a malformed id', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    await (await choose(payment.next_action?.url as string, 'success')).arrayBuffer()
    await eventually(
      async () => (await getSession(signer, session.id)).status === 'paid' || undefined,
    )
    const paid = await expire(session.id)
    expect(paid.status).toBe(409)
    expect(await errorCode(paid)).toBe('session_paid')
    expect((await getSession(signer, session.id)).status).toBe('paid')

    const missing = await expire('cs_00000000000000000000')
    expect(missing.status).toBe(404)
    expect(await errorCode(missing)).toBe('session_not_found')
    expect((await expire('nope')).status).toBe(400)
    expect(
      (
        await signer.api('/v1/sessions/cs_00000000000000000000/expire', {
          method: 'POST',
          key: false,
        })
      ).status,
    ).toBe(401)
  })
})
