import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  choose,
  createSession,
  eventually,
  getSession,
  movableClock,
  SHOP,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * The OAPM preset (EFTPAY_PLATFORM=oapm, docs/protocol.md "OAPM") through the main flows, over real
 * HTTP against the built-in sandbox in its OAPM mode: notifications acknowledged only by the text
 * `success`, the shopper returned with the signed payload as query parameters, refunds by
 * `service.common.Refund` (the sandbox's OAPM mode refuses the assumed per-product names).
 */

let signer: TestSigner
const time = movableClock()
const tmp = tempDir()

beforeAll(async () => {
  signer = await startTestSigner({
    dbFile: `${tmp.dir}/oapm.db`,
    clock: time.clock,
    env: { EFTPAY_PLATFORM: 'oapm' },
  })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

interface SandboxOrder {
  notifications: Array<{ attempt: number; result: string; detail?: string }>
  refunds: Array<{ trade_status: string }>
}

async function sandboxOrder(eftTradeNo: string): Promise<SandboxOrder> {
  await signer.sandbox?.idle()
  return (await (await fetch(`${signer.url}/sandbox/orders/${eftTradeNo}`)).json()) as SandboxOrder
}

const sandboxAdmin = (path: string, body: unknown) =>
  fetch(`${signer.url}/sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('EFTPAY_PLATFORM=oapm against the sandbox in OAPM mode', () => {
  it('runs the sandbox at the OAPM base path', () => {
    expect(signer.config.gatewayUrl).toBe(`${signer.url}/sandbox/OAPM/v1`)
  })

  it('a wallet payment is paid by a notification the signer acknowledges with the text success', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    await choose(payment.next_action?.url ?? '', 'success')
    const order = await sandboxOrder(payment.eft_trade_no)
    // OAPM counts anything but `success` as a failed delivery: one attempt, acknowledged.
    expect(order.notifications).toEqual([expect.objectContaining({ result: 'acknowledged' })])
    const paid = await getSession(signer, session.id)
    expect(paid.status).toBe('paid')
    expect(paid.payments[0]?.status).toBe('succeeded')
  })

  it('refuses a forged notification with the text fail, so OAPM would send it again', async () => {
    const res = await fetch(`${signer.url}/v1/gateway/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        out_trade_no: 'X',
        trade_status: 'TRADE_SUCCESS',
        sign: 'f'.repeat(64),
      }),
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toBe('fail')
  })

  it('the return with the signed payload as query parameters sends a shopper who paid to success_url', async () => {
    // No notification: only the return's verified payload (and the query it prompts) can tell.
    await sandboxAdmin('/faults', { notify: { drop: 1 } })
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'WECHATHK')
    const page = await choose(payment.next_action?.url ?? '', 'success')
    expect(page.status).toBe(303)
    const returnUrl = new URL(page.headers.get('location') ?? '')
    expect(returnUrl.pathname).toBe(`/v1/gateway/return/${session.id}`)
    expect(returnUrl.searchParams.get('trade_status')).toBe('TRADE_SUCCESS')
    expect(returnUrl.searchParams.get('sign')).toMatch(/^[0-9a-f]{64}$/)
    const back = await fetch(returnUrl, { redirect: 'manual' })
    expect(back.status).toBe(303)
    expect(back.headers.get('location')).toBe(`${SHOP}/thanks?session_id=${session.id}`)
    expect((await getSession(signer, session.id)).status).toBe('paid')
  })

  it('refunds with service.common.Refund, for a wallet whose VMP refund name is only assumed', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'PAYME')
    await choose(payment.next_action?.url ?? '', 'success')
    await signer.sandbox?.idle()
    expect((await getSession(signer, session.id)).status).toBe('paid')
    const res = await signer.api('/v1/refunds', { json: { session_id: session.id } })
    expect(res.status).toBe(201)
    const refund = (await res.json()) as { id: string }
    const done = await eventually(async () => {
      const r = (await (await signer.api(`/v1/refunds/${refund.id}`)).json()) as { status: string }
      return r.status === 'pending' ? undefined : r
    })
    expect(done.status).toBe('succeeded')
    expect((await getSession(signer, session.id)).status).toBe('refunded')
    const { exchanges } = (await (
      await fetch(`${signer.url}/sandbox/exchanges?limit=50`)
    ).json()) as {
      exchanges: Array<{ request: Record<string, string> }>
    }
    const refundServices = exchanges
      .map((e) => e.request)
      .filter((r) => r.out_refund_no && r.service)
      .map((r) => r.service)
    expect(new Set(refundServices)).toEqual(new Set(['service.common.Refund']))
  })
})
