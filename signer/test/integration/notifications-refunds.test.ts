import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatGatewayTime } from '../../src/gateway/hk-time.js'
import { signPayload } from '../../src/gateway/sign.js'
import {
  choose,
  createSession,
  eventually,
  getSession,
  movableClock,
  type PaymentJson,
  type SessionJson,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * Notifications (dropped, repeated, out of order, forged), the double-payment refund, and
 * refunds, against the real signer and sandbox over HTTP.
 */

let signer: TestSigner
const time = movableClock()
const tmp = tempDir()

beforeAll(async () => {
  signer = await startTestSigner({ dbFile: `${tmp.dir}/money.db`, clock: time.clock })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

const faults = (body: unknown) =>
  fetch(`${signer.url}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
const clearFaults = () => fetch(`${signer.url}/sandbox/faults`, { method: 'DELETE' })

/** A notification as eftPay would send it, signed with `secret`. */
function notification(
  session: SessionJson,
  payment: PaymentJson,
  tradeStatus: string,
  secret = SANDBOX_SECRET,
) {
  return signPayload(
    {
      notify_type: 'trade_status_sync',
      user_confirm_key: SANDBOX_USER_KEY,
      out_trade_no: payment.out_trade_no,
      eft_trade_no: payment.eft_trade_no,
      eftpay_trade_no: payment.eft_trade_no,
      total_fee: session.amount,
      currency: 'HKD',
      trade_status: tradeStatus,
      wallet: 'ALIPAYHK',
      trade_type: 'SALE',
      time: formatGatewayTime(time.clock()),
    },
    secret,
  )
}

const postNotify = (body: Record<string, string>) =>
  fetch(`${signer.url}/v1/gateway/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

async function paidSession(amount = '128.00'): Promise<SessionJson> {
  const session = await createSession(signer, { amount })
  const { payment } = await startPayment(signer, session, 'ALIPAYHK')
  await choose(payment.next_action?.url ?? '', 'success')
  await signer.sandbox?.idle()
  const paid = await getSession(signer, session.id)
  expect(paid.status).toBe('paid')
  return paid
}

describe('gateway notifications', () => {
  it('a dropped notification is recovered by the reconciler', async () => {
    expect((await faults({ notify: { drop: 1 } })).status).toBe(200)
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    await choose(payment.next_action?.url ?? '', 'success')
    await signer.sandbox?.idle()
    expect((await getSession(signer, session.id)).status).toBe('open')
    time.advance(60_000)
    const report = await signer.service.reconcile()
    expect(report.paymentsChanged).toBeGreaterThanOrEqual(1)
    expect((await getSession(signer, session.id)).status).toBe('paid')
    await clearFaults()
  })

  it('duplicate notifications are applied once', async () => {
    await faults({ notify: { duplicate: true, count: 1 } })
    const session = await paidSession()
    await clearFaults()
    const { payments } = await getSession(signer, session.id)
    expect(payments).toHaveLength(1)
    // And the same notification again, by hand: acknowledged, nothing changes.
    const payment = (await (await signer.api(`/v1/sessions/${session.id}`)).json()) as {
      payments: PaymentJson[]
    }
    const again = await postNotify(
      notification(session, payment.payments[0] as PaymentJson, 'TRADE_SUCCESS'),
    )
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ return_code: 'success' })
    const after = await getSession(signer, session.id)
    expect(after.amount_paid).toBe('128.00')
    expect(after.status).toBe('paid')
  })

  it('out of order: a late TRADE_PROCESSING or TRADE_FAIL never undoes a success; a late success still wins', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    expect((await postNotify(notification(session, payment, 'TRADE_SUCCESS'))).status).toBe(200)
    expect((await postNotify(notification(session, payment, 'TRADE_PROCESSING'))).status).toBe(200)
    expect((await postNotify(notification(session, payment, 'TRADE_FAIL'))).status).toBe(200)
    const after = await getSession(signer, session.id)
    expect(after.status).toBe('paid')
    expect(after.payments[0]?.status).toBe('succeeded')

    const other = await createSession(signer)
    const second = await startPayment(signer, other, 'ALIPAYHK')
    expect((await postNotify(notification(other, second.payment, 'TRADE_FAIL'))).status).toBe(200)
    expect((await getSession(signer, other.id)).payments[0]?.status).toBe('failed')
    expect((await postNotify(notification(other, second.payment, 'TRADE_SUCCESS'))).status).toBe(
      200,
    )
    const late = await getSession(signer, other.id)
    expect(late.payments[0]?.status).toBe('succeeded')
    expect(late.status).toBe('paid')
  })

  it('a forged notification (wrong or missing signature) is refused and changes nothing', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    const forged = notification(session, payment, 'TRADE_SUCCESS', 'not-the-secret')
    const res = await postNotify(forged)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ return_code: 'false' })
    const { sign: _sign, ...unsigned } = notification(session, payment, 'TRADE_SUCCESS')
    expect((await postNotify(unsigned)).status).toBe(400)
    const tampered = {
      ...notification(session, payment, 'TRADE_FAIL'),
      trade_status: 'TRADE_SUCCESS',
    }
    expect((await postNotify(tampered)).status).toBe(400)
    const form = await fetch(`${signer.url}/v1/gateway/notify`, {
      method: 'POST',
      body: new URLSearchParams(forged),
    })
    expect(form.status).toBe(400)
    expect(
      (await fetch(`${signer.url}/v1/gateway/notify`, { method: 'POST', body: 'not json' })).status,
    ).toBe(400)
    const after = await getSession(signer, session.id)
    expect(after.status).toBe('open')
    expect(after.payments[0]?.status).toBe('pending')
  })

  it('accepts a correctly signed form-encoded notification', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    const res = await fetch(`${signer.url}/v1/gateway/notify`, {
      method: 'POST',
      body: new URLSearchParams(notification(session, payment, 'TRADE_SUCCESS')),
    })
    expect(res.status).toBe(200)
    expect((await getSession(signer, session.id)).status).toBe('paid')
  })
})

describe('double payment', () => {
  it('a second successful attempt of a paid session is refunded automatically', async () => {
    const session = await createSession(signer)
    const first = await startPayment(signer, session, 'ALIPAYHK')
    const second = await startPayment(signer, session, 'WECHATHK')
    await choose(first.payment.next_action?.url ?? '', 'success')
    await choose(second.payment.next_action?.url ?? '', 'success')
    await signer.sandbox?.idle()
    const after = await eventually(async () => {
      const s = await getSession(signer, session.id)
      return s.refunds.length > 0 ? s : undefined
    })
    expect(after.status).toBe('paid')
    expect(after.amount_paid).toBe('128.00')
    expect(after.payments.map((p) => p.status)).toEqual(['succeeded', 'succeeded'])
    expect(after.refunds).toHaveLength(1)
    expect(after.refunds[0]?.amount).toBe('128.00')
  })
})

describe('refunds', () => {
  it('partial then full: the session follows (partially_refunded, refunded)', async () => {
    const session = await paidSession('100.00')
    const partial = await signer.api('/v1/refunds', {
      json: { session_id: session.id, amount: '30.00', reason: 'one cup spilt' },
    })
    expect(partial.status).toBe(201)
    const refund = (await partial.json()) as { id: string; status: string; amount: string }
    expect(refund.amount).toBe('30.00')
    const followed = await eventually(async () => {
      const r = (await (await signer.api(`/v1/refunds/${refund.id}`)).json()) as { status: string }
      return r.status === 'succeeded' ? r : undefined
    })
    expect(followed.status).toBe('succeeded')
    expect((await getSession(signer, session.id)).status).toBe('partially_refunded')

    const tooMuch = await signer.api('/v1/refunds', {
      json: { payment_id: session.payments[0]?.id, amount: '70.01' },
    })
    expect(tooMuch.status).toBe(409)
    expect(((await tooMuch.json()) as { error: { code: string } }).error.code).toBe(
      'refund_exceeds_payment',
    )

    const rest = await signer.api('/v1/refunds', { json: { payment_id: session.payments[0]?.id } })
    expect(rest.status).toBe(201)
    const restRefund = (await rest.json()) as { id: string; amount: string }
    expect(restRefund.amount).toBe('70.00')
    await eventually(async () => {
      const r = (await (await signer.api(`/v1/refunds/${restRefund.id}`)).json()) as {
        status: string
      }
      return r.status === 'succeeded' ? r : undefined
    })
    const final = await getSession(signer, session.id)
    expect(final.status).toBe('refunded')
    expect(final.amount_refunded).toBe('100.00')
  })

  it('refuses a refund of an unpaid session and of an unknown payment', async () => {
    const session = await createSession(signer)
    const res = await signer.api('/v1/refunds', { json: { session_id: session.id } })
    expect(res.status).toBe(409)
    const unknown = await signer.api('/v1/refunds', {
      json: { payment_id: 'py_00000000000000000000' },
    })
    expect(unknown.status).toBe(404)
  })
})
