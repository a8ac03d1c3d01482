import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attentionPage, attentionResolution, eventList } from '../../src/contract/lists.js'
import { payment as paymentSchema } from '../../src/contract/responses.js'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'
import { flagPendingPayments } from '../../src/store/payments.js'
import { databaseUrlFor } from '../postgres/test-store.js'
import {
  createSession,
  type PaymentJson,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * The console's attention actions over real HTTP on a real store (docs/api.md "GET /v1/attention",
 * "POST /v1/attention/resolve"): the list pages by cursor, a payment can be asked about again, and
 * a flag a person resolves is cleared with who and why, its status untouched and never re-flagged.
 */

let signer: TestSigner
let db: Db
const tmp = tempDir()
const payments: PaymentJson[] = []
const FAR_FUTURE = new Date('2100-01-01T00:00:00Z')

beforeAll(async () => {
  const dbFile = `${tmp.dir}/attention-actions.db`
  signer = await startTestSigner({ dbFile })
  for (let i = 0; i < 3; i += 1) {
    payments.push((await startPayment(signer, await createSession(signer), 'OCT')).payment)
  }
  // Flagged by the reconciler's own store step, as if 72 hours had passed with no final answer.
  db = await openDatabase(databaseUrlFor(dbFile))
  expect(await flagPendingPayments(db, FAR_FUTURE, new Date())).toHaveLength(3)
})
afterAll(async () => {
  await db.close()
  await signer.close()
  tmp.remove()
})

const attention = async (query = '') => {
  const res = await signer.api(`/v1/attention${query}`)
  expect(res.status).toBe(200)
  return attentionPage.parse(await res.json())
}
const resolve = (body: unknown) =>
  signer.api('/v1/attention/resolve', { method: 'POST', json: body })

describe('the attention actions', () => {
  it('pages the flagged payments by cursor', async () => {
    const first = await attention('?limit=2')
    expect(first.payments).toHaveLength(2)
    expect(first.has_more).toBe(true)
    const second = await attention(
      `?limit=2&cursor=${encodeURIComponent(first.next_cursor as string)}`,
    )
    expect(second.payments).toHaveLength(1)
    expect(second.has_more).toBe(false)
    expect(second.next_cursor).toBeNull()
    expect([...first.payments, ...second.payments].map((p) => p.id).sort()).toEqual(
      payments.map((p) => p.id).sort(),
    )
    const bad = await signer.api('/v1/attention?cursor=xyz')
    expect(bad.status).toBe(400)
  })

  it('asks eftPay about a payment again on request', async () => {
    const res = await signer.api(`/v1/payments/${payments[0]?.id}/refresh`, { method: 'POST' })
    expect(res.status).toBe(200)
    const after = paymentSchema.parse(await res.json())
    expect(after.id).toBe(payments[0]?.id)
    expect(after.status).toBe('pending')
    const missing = await signer.api('/v1/payments/py_00000000000000000000/refresh', {
      method: 'POST',
    })
    expect(missing.status).toBe(404)
  })

  it('resolves a flag with who and why, never changing the status, never flagging it again', async () => {
    const id = payments[1]?.id as string
    const res = await resolve({
      object: 'payment',
      id,
      note: 'Checked with eftPay support: never paid',
      resolved_by: 'ops@shop',
    })
    expect(res.status).toBe(200)
    const resolution = attentionResolution.parse(await res.json())
    expect(resolution).toMatchObject({
      about: 'payment',
      note: 'Checked with eftPay support: never paid',
      resolved_by: 'ops@shop',
      refund: null,
    })
    expect(resolution.payment).toMatchObject({ id, status: 'pending', needs_attention: false })
    expect((await attention()).payments.map((p) => p.id)).not.toContain(id)
    const events = eventList.parse(
      await (await signer.api('/v1/events?type=payment.attention_resolved')).json(),
    )
    expect(events.data.map((e) => e.session_id)).toEqual([resolution.payment?.session_id])

    // The reconciler's flag step passes it over from now on.
    await db.execute('UPDATE payments SET needs_attention_at = NULL WHERE id <> ?', [id])
    const reflagged = await flagPendingPayments(db, FAR_FUTURE, new Date())
    expect(reflagged.map((p) => p.id).sort()).toEqual([payments[0]?.id, payments[2]?.id].sort())

    const again = await resolve({ object: 'payment', id, note: 'again' })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'attention_not_flagged',
    )
  })

  it('refuses a resolution without a note, with a mismatched id or for no such object', async () => {
    const id = payments[2]?.id as string
    for (const [body, param] of [
      [{ object: 'payment', id }, 'note'],
      [{ object: 'payment', id, note: '   ' }, 'note'],
      [{ object: 'refund', id, note: 'x' }, 'id'],
      [{ object: 'session', id, note: 'x' }, 'object'],
      [{ object: 'payment', id, note: 'x', status: 'succeeded' }, 'status'],
    ] as const) {
      const res = await resolve(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(((await res.json()) as { error: { param: string } }).error.param).toBe(param)
    }
    const missing = await resolve({ object: 'refund', id: 're_00000000000000000000', note: 'x' })
    expect(missing.status).toBe(404)
    expect((await attention()).payments.map((p) => p.id)).toContain(id)
  })
})
