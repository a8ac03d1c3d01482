import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  choose,
  createSession,
  eventually,
  followReturn,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
  webhookReceiver,
} from '../../test/integration/harness.js'

/** `GET /metrics` after real traffic, and the drain on shutdown, through the real signer. */

const tmp = tempDir()
let signer: TestSigner
let hooks: Awaited<ReturnType<typeof webhookReceiver>>

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.split(' ').at(-1))
  }
  return undefined
}

beforeAll(async () => {
  // The webhook endpoint refuses the first POST: one failed delivery, then the rest succeed.
  hooks = await webhookReceiver((n) => (n === 1 ? 500 : 200))
  signer = await startTestSigner({
    dbFile: `${tmp.dir}/metrics.db`,
    env: {
      MERCHANT_WEBHOOK_URL: hooks.url,
      MERCHANT_WEBHOOK_SECRET: 'whsec_metrics_test_0123456789abcdef',
    },
  })
})
afterAll(async () => {
  await signer.close()
  await hooks.close()
  tmp.remove()
})

describe('GET /metrics', () => {
  it('counts requests by route, gateway calls, notifications, webhooks, the backlog and reconciler runs', async () => {
    const session = await createSession(signer)
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    await followReturn(await choose(payment.next_action?.url ?? '', 'success'))
    await signer.sandbox?.idle()
    const forged = await fetch(`${signer.url}/v1/gateway/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ out_trade_no: 'x', trade_status: 'TRADE_SUCCESS', sign: 'forged' }),
    })
    expect(forged.status).toBe(400)
    await signer.service.reconcile()
    // Every event delivered, the refused one on its retry: the outbox is the truth to compare with.
    const outbox = await eventually(async () => {
      const rows = await signer.db.query<{ status: string; n: unknown }>(
        'SELECT status, COUNT(*) AS n FROM outbox GROUP BY status',
      )
      const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
      return (byStatus.delivered ?? 0) >= 2 && !byStatus.pending ? byStatus : undefined
    })

    const res = await fetch(`${signer.url}/metrics`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    expect(
      sample(text, 'signer_http_requests_total', {
        route: '/v1/sessions/:id/payments',
        status: '201',
      }),
    ).toBe(1)
    expect(
      sample(text, 'signer_http_request_duration_seconds_count', { route: '/v1/sessions' }),
    ).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'signer_gateway_calls_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1)
    expect(
      sample(text, 'signer_gateway_notifications_total', { result: 'accepted' }),
    ).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'signer_gateway_notifications_total', { result: 'rejected' })).toBe(1)
    expect(sample(text, 'signer_webhook_deliveries_total', { outcome: 'failed' })).toBe(1)
    // One delivered POST per event the receiver took (its 2xx answers), one backlog row per event.
    expect(sample(text, 'signer_webhook_deliveries_total', { outcome: 'delivered' })).toBe(
      hooks.received.length,
    )
    expect(sample(text, 'signer_webhook_backlog', { status: 'delivered' })).toBe(outbox.delivered)
    // Nothing waits: the pending gauge and the oldest pending age are exactly zero, not an age
    // of delivered events.
    expect(sample(text, 'signer_webhook_backlog', { status: 'pending' })).toBe(0)
    expect(sample(text, 'signer_webhook_oldest_pending_seconds')).toBe(0)
    expect(sample(text, 'signer_reconciler_runs_total', { outcome: 'ok' })).toBe(1)
    // Ids never become labels (cardinality): only route patterns.
    expect(text).not.toContain(session.id)
  })
})

describe('shutdown', () => {
  it('finishes a request in flight, then stops listening', async () => {
    const draining = await startTestSigner({ dbFile: `${tmp.dir}/drain.db` })
    const session = await createSession(draining)
    // Every gateway call now takes a while, so the payment below is in flight when close() starts.
    const faults = await fetch(`${draining.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latency_ms: 1_500 }),
    })
    expect(faults.status).toBe(200)
    const inFlight = startPayment(draining, session, 'ALIPAYHK')
    // In flight: the payment row is written before the (slow) PreOrder goes out. Waiting for that
    // row, not for a fixed time, holds on a busy machine too.
    await eventually(async () => {
      const rows = await draining.db.query<{ id: string }>(
        'SELECT id FROM payments WHERE session_id = ?',
        [session.id],
      )
      return rows.length > 0 ? true : undefined
    })
    const closed = draining.close()
    const { status } = await inFlight
    expect(status).toBe(201)
    await closed
    await expect(fetch(`${draining.url}/healthz`)).rejects.toThrow()
  })
})
