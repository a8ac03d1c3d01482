import { SANDBOX_SECRET } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { apiError as errorJson } from '../../src/contract/responses.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { verify } from '../../src/gateway/verify.js'
import { preOrderInput, useSandboxAndReceiver } from './harness.js'

const setup = useSandboxAndReceiver()

async function kindOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  return error instanceof GatewayError ? error.kind : `no GatewayError (${String(error)})`
}

describe('gateway faults', () => {
  it('latency beyond the client timeout → timeout; the order was still taken', async () => {
    const { h } = await setup()
    expect((await h.faults({ latency_ms: 10_000, count: 1 })).status).toBe(200)
    const input = preOrderInput()
    expect(await kindOf(h.client({ timeoutMs: 1_000 }).preOrder(input))).toBe('timeout')
    // The next call is normal again, and a query finds the order the slow call created.
    const q = await h.client().query({ querytype: 'OUT_TRADE', out_trade_no: input.out_trade_no })
    expect(q.trade_status).toBe('TRADE_PROCESSING')
  })

  it('http_status → http, malformed_json → malformed, wrong_signature → signature', async () => {
    const { h } = await setup()
    const client = h.client()
    await h.faults({ http_status: 503, count: 1 })
    const error = await client.preOrder(preOrderInput()).catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'http', httpStatus: 503 })
    await h.faults({ malformed_json: true, count: 1 })
    expect(await kindOf(client.preOrder(preOrderInput()))).toBe('malformed')
    await h.faults({ wrong_signature: true, count: 1 })
    expect(await kindOf(client.preOrder(preOrderInput()))).toBe('signature')
    await client.preOrder(preOrderInput())
  })

  it('a wrong signature is a wrong signature for an independent verifier too', async () => {
    const { h } = await setup()
    await h.faults({ wrong_signature: true })
    const reply = await h.raw('JSAPIService.do', {
      ...preOrderInput(),
      user_confirm_key: 'SANDBOX00001',
      time: h.now(),
    } as Record<string, string>)
    expect(reply.return_status).toBe('00')
    expect(verify(reply, SANDBOX_SECRET).ok).toBe(false)
  })

  it('scoped to a servlet and counted; without count until reset; GET shows, DELETE resets', async () => {
    const { h } = await setup()
    const client = h.client()
    const order = await client.preOrder(preOrderInput())
    await h.faults({ servlet: 'QRcodeTradeQuery.do', http_status: 500, count: 2 })
    const snapshot = (await (await fetch(`${h.sandboxUrl}/faults`)).json()) as {
      gateway: Array<{ remaining: number }>
    }
    expect(snapshot.gateway).toMatchObject([
      { servlet: 'QRcodeTradeQuery.do', http_status: 500, remaining: 2 },
    ])
    await client.preOrder(preOrderInput())
    const query = () => client.query({ querytype: 'OUT_TRADE', out_trade_no: order.out_trade_no })
    expect(await kindOf(query())).toBe('http')
    expect(await kindOf(query())).toBe('http')
    expect((await query()).trade_status).toBe('TRADE_PROCESSING')

    await h.faults({ http_status: 502 })
    expect(await kindOf(query())).toBe('http')
    expect(await kindOf(client.preOrder(preOrderInput()))).toBe('http')
    expect(await kindOf(query())).toBe('http')
    const reset = await fetch(`${h.sandboxUrl}/faults`, { method: 'DELETE' })
    expect(await reset.json()).toEqual({ gateway: [], notify: null, return: null })
    expect((await query()).trade_status).toBe('TRADE_PROCESSING')
  })

  it('the client retries a query through a transient 5xx', async () => {
    const { h } = await setup()
    const order = await h.client().preOrder(preOrderInput())
    await h.faults({ servlet: 'QRcodeTradeQuery.do', http_status: 500, count: 1 })
    const q = await h
      .client({ queryRetries: 1 })
      .query({ querytype: 'OUT_TRADE', out_trade_no: order.out_trade_no })
    expect(q.trade_status).toBe('TRADE_PROCESSING')
  })

  it('refuses a malformed fault description', async () => {
    const { h } = await setup()
    for (const body of [
      {},
      { http_status: 200 },
      { servlet: 'Other.do', latency_ms: 1 },
      { latency_ms: -1 },
      { notify: {} },
      { surprise: true },
    ]) {
      const response = await h.faults(body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      // The signer's error shape (docs/api.md "Errors"): the sandbox is mounted inside it.
      expect(errorJson.safeParse(await response.json()).success, JSON.stringify(body)).toBe(true)
    }
  })
})

describe('notification faults', () => {
  it('drop: the next N deliveries are not sent at all, retries included', async () => {
    const { h, r } = await setup()
    const client = h.client()
    await h.faults({ notify: { drop: 1 } })
    const first = await client.preOrder(preOrderInput({ notify_url: r.url }))
    const second = await client.preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(first.eft_trade_no, 'success')
    await h.sandbox.idle()
    await h.pay(second.eft_trade_no, 'success')
    await h.sandbox.idle()
    expect(r.received.map((x) => x.body.out_trade_no)).toEqual([second.out_trade_no])
    expect((await h.order(first.eft_trade_no)).notifications).toMatchObject([{ result: 'dropped' }])
    const faults = (await (await fetch(`${h.sandboxUrl}/faults`)).json()) as { notify: unknown }
    expect(faults.notify).toBeNull()
  })

  it('duplicate: each attempt is sent twice', async () => {
    const { h, r } = await setup()
    await h.faults({ notify: { duplicate: true, count: 1 } })
    const order = await h.client().preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(order.eft_trade_no, 'success')
    await h.sandbox.idle()
    expect(r.received).toHaveLength(2)
    expect(r.received[0]?.raw).toBe(r.received[1]?.raw)
  })

  it('delay_ms: the delivery waits first', async () => {
    const { h, r } = await setup()
    await h.faults({ notify: { delay_ms: 1_000 } })
    const order = await h.client().preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(order.eft_trade_no, 'success')
    // Not yet delivered right after the press: the delay is far longer than a local round trip.
    expect(r.received).toHaveLength(0)
    await h.sandbox.idle()
    expect(r.received).toHaveLength(1)
  })
})
