import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  choose,
  createSession,
  getSession,
  type SessionJson,
  startPayment,
} from '../integration/harness.js'
import { type ConsolePage, enrolled, startConsoleSigner } from './harness.js'

/**
 * `POST /console/api/refunds` through console/refund-authorisation.ts into the real money core
 * (sandbox gateway): the staff limit, the owner's unlimited refund, and the fresh passkey check.
 */

let running: Awaited<ReturnType<typeof startConsoleSigner>>
let owner: ConsolePage
let staff: ConsolePage
let staffId: string
beforeAll(async () => {
  running = await startConsoleSigner()
  owner = await enrolled(running.signer, 'owner')
  staff = await enrolled(running.signer, 'staff')
  staffId = (await staff.call<{ user: { id: string } }>('GET', '/console/api/me')).body.user.id
})
afterAll(() => running.stop())

async function paidSession(amount = '128.00'): Promise<SessionJson> {
  const session = await createSession(running.signer, { amount })
  const { payment } = await startPayment(running.signer, session, 'ALIPAYHK')
  await choose(payment.next_action?.url ?? '', 'success')
  await running.signer.sandbox?.idle()
  const paid = await getSession(running.signer, session.id)
  expect(paid.status).toBe('paid')
  return paid
}

const refund = (page: ConsolePage, session: SessionJson, amount: string) =>
  page.call<{ error?: { code: string; message: string }; amount?: string }>(
    'POST',
    '/console/api/refunds',
    { session_id: session.id, amount },
  )

describe('console refunds', () => {
  it('staff: refused above their limit (zero by default), saying the owner can do it', async () => {
    const session = await paidSession()
    await staff.confirm()
    const answer = await refund(staff, session, '1.00')
    expect(answer.status).toBe(403)
    expect(answer.body.error?.code).toBe('refund_above_limit')
    expect(answer.body.error?.message).toMatch(/owner can make it/)
    expect((await getSession(running.signer, session.id)).refunds).toHaveLength(0)
  })

  it('staff: within the limit the owner set, after a fresh passkey check', async () => {
    const set = await owner.call('PUT', `/console/api/users/${staffId}/refund-limit`, {
      refund_limit: '20',
    })
    expect(set.body).toMatchObject({ refund_limit: '20.00' })
    const session = await paidSession()
    expect((await staff.confirm()).status).toBe(204)
    const answer = await refund(staff, session, '20.00')
    expect(answer.status).toBe(201)
    expect(answer.body.amount).toBe('20.00')
    await staff.confirm()
    expect((await refund(staff, session, '20.01')).body.error?.code).toBe('refund_above_limit')
  })

  it('owner: any amount, but never without a fresh passkey check, and one check per refund', async () => {
    const session = await paidSession()
    const unchecked = await refund(owner, session, '100.00')
    expect(unchecked.status).toBe(403)
    expect(unchecked.body.error?.code).toBe('passkey_check_required')
    expect((await owner.confirm()).status).toBe(204)
    expect((await refund(owner, session, '100.00')).status).toBe(201)
    const again = await refund(owner, session, '1.00')
    expect(again.body.error?.code).toBe('passkey_check_required')
  })

  it('the audit log holds the refunds made and refused, with who and from where', async () => {
    const log = await owner.call<{
      data: Array<{ action: string; user_name: string; ip: string }>
    }>('GET', '/console/api/audit?limit=500')
    const actions = log.body.data.map((e) => e.action)
    expect(actions).toContain('refund.created')
    expect(actions).toContain('refund.refused')
    const made = log.body.data.find((e) => e.action === 'refund.created')
    expect(made?.user_name).toBeTruthy()
    expect(made?.ip).toMatch(/127\.0\.0\.1/)
  })
})
