import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SANDBOX_SECRET } from '../src/credentials.js'
import { formatGatewayTime } from '../src/hk-time.js'
import { canonical, digest } from '../src/wire.js'
import { envelopeOf, type Harness, signedWith, useHarness } from './harness.js'

/**
 * The sandbox playing OAPM, eftPay's other platform (sandbox/README.md "Platforms", docs/protocol.md
 * "OAPM"): its base path, only the text `success` acknowledges a notification, refunds by
 * `service.common.Refund`, and the shopper returned with the signed payload in the query.
 */

const use = useHarness()
const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  while (closers.length) await closers.pop()?.()
})

/** A notify_url answering every delivery with `body`. */
async function answering(body: (payload: Record<string, string>) => string) {
  const server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      raw += chunk
    })
    req.on('end', () => res.end(body(JSON.parse(raw) as Record<string, string>)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`
}

/** The documented VMP acknowledgement: signed JSON. */
function signedJsonAck(): string {
  const fields = { return_code: 'success', time: formatGatewayTime(new Date()) }
  const sign = digest(SANDBOX_SECRET, canonical(fields, 'empty-dropped'))
  return JSON.stringify({ ...fields, sign })
}

async function deliveries(h: Harness, eftTradeNo: string) {
  await h.sandbox.idle()
  const order = (await (await fetch(`${h.url}/orders/${eftTradeNo}`)).json()) as {
    notifications: Array<{ result: string }>
  }
  return order.notifications.map((n) => n.result)
}

describe('OAPM mode', () => {
  it('serves the servlets under /OAPM/v1, not /VMP', async () => {
    const h = await use.sandbox({ platform: 'oapm' })
    expect((await h.preOrder()).return_status).toBe('00')
    const vmp = await fetch(`${h.url}/VMP/Servlet/JSAPIService.do`, { method: 'POST', body: '{}' })
    expect(vmp.status).toBe(404)
  })

  it('takes only the text success as an acknowledgement; the signed JSON is a failed delivery', async () => {
    const h = await use.sandbox({ platform: 'oapm', notifyRetryScheduleMs: [0, 0] })
    const json = await h.preOrder({ notify_url: await answering(signedJsonAck) })
    await h.pay(json.eft_trade_no ?? '', 'success')
    expect(await deliveries(h, json.eft_trade_no ?? '')).toEqual(['failed', 'failed'])
    const text = await h.preOrder({ notify_url: await answering(() => 'success') })
    await h.pay(text.eft_trade_no ?? '', 'success')
    expect(await deliveries(h, text.eft_trade_no ?? '')).toEqual(['acknowledged'])
  })

  it('VMP mode still takes the signed JSON', async () => {
    const h = await use.sandbox({ notifyRetryScheduleMs: [0, 0] })
    const order = await h.preOrder({ notify_url: await answering(signedJsonAck) })
    await h.pay(order.eft_trade_no ?? '', 'success')
    expect(await deliveries(h, order.eft_trade_no ?? '')).toEqual(['acknowledged'])
  })

  it('refunds a paid sale with service.common.Refund', async () => {
    const h = await use.sandbox({ platform: 'oapm' })
    const sale = await h.preOrder()
    await h.pay(sale.eft_trade_no ?? '', 'success')
    const refund = await h.call('JSAPIService.do', {
      ...envelopeOf(h),
      service: 'service.common.Refund',
      return_amount: '12.50',
      total_fee: '12.50',
      out_trade_no: sale.out_trade_no ?? '',
      eft_trade_no: sale.eft_trade_no ?? '',
      payType: 'Alipay',
      buyerType: 'ios',
      wallet: 'ALIPAYHK',
      out_refund_no: `R${Date.now().toString(36)}`,
      pay_scene: 'WAP',
    })
    expect(refund).toMatchObject({ return_status: '00', trade_status: 'TRADE_PROCESSING' })
    expect(await (await fetch(`${h.url}/variants`)).json()).toMatchObject({
      refund_service: 'common',
    })
  })

  it('returns the shopper to return_url with the signed payload as query parameters', async () => {
    const h = await use.sandbox({ platform: 'oapm' })
    const order = await h.preOrder({ return_url: 'https://shop.example/return' })
    const res = await h.pay(order.eft_trade_no ?? '', 'success')
    expect(res.status).toBe(303)
    const back = new URL(res.headers.get('location') ?? '')
    expect(back.origin + back.pathname).toBe('https://shop.example/return')
    const fields = Object.fromEntries(back.searchParams)
    expect(fields).toMatchObject({
      out_trade_no: order.out_trade_no,
      trade_status: 'TRADE_SUCCESS',
    })
    expect(signedWith(fields, 'empty-dropped')).toBe(true)
  })
})
