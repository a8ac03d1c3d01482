import { SANDBOX_SECRET } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { apiError as errorJson } from '../../src/contract/responses.js'
import { signPayload } from '../../src/gateway/sign.js'
import { verify } from '../../src/gateway/verify.js'
import { preOrderInput, startReceiver, useSandboxAndReceiver } from './harness.js'

const setup = useSandboxAndReceiver()

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const unescape = (s: string) =>
      s
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
    fields[unescape(m[1] ?? '')] = unescape(m[2] ?? '')
  }
  return fields
}

describe('the hosted pay page', () => {
  it('shows the SANDBOX, the wallet, merchant, subject, amount and three outcome buttons', async () => {
    const { h } = await setup({ merchantName: 'Tea & Co' })
    const reply = await h
      .client()
      .preOrder(preOrderInput({ transaction_amount: '12.5', subject: 'Oolong <b>tea</b>' }))
    const response = await fetch(reply.pay_apptrade)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")
    expect(csp).not.toContain('unsafe-inline')
    const html = await response.text()
    expect(html).toContain('eftPay SANDBOX')
    expect(html).toContain('AlipayHK')
    expect(html).toContain('Tea &amp; Co')
    expect(html).toContain('Oolong &lt;b&gt;tea&lt;/b&gt;')
    expect(html).not.toContain('<b>tea</b>')
    expect(html).toContain('12.50')
    expect(html).toContain('class="wallet-ALIPAYHK"')
    for (const value of ['success', 'fail', 'cancel'])
      expect(html).toContain(`name="outcome" value="${value}"`)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/ style=/)
    expect(html).toContain('<html lang="en">')
  })

  it('serves its stylesheet from the same origin', async () => {
    const { h } = await setup()
    const response = await fetch(`${h.sandboxUrl}/assets/pay.css`)
    expect(response.headers.get('content-type')).toMatch(/^text\/css/)
    expect(await response.text()).toContain('.wallet-PAYME')
  })

  it('shows a QR code of itself for PayMe on a desktop (pay_scene WEB), not for PayMe APP', async () => {
    const { h } = await setup()
    const client = h.client()
    const web = await client.preOrder(
      preOrderInput({
        service: 'service.payme.web.PreOrder',
        payType: 'PAYME',
        wallet: 'PAYME',
        pay_scene: 'WEB',
        transaction_amount: '10.00',
      }),
    )
    const app = await client.preOrder(
      preOrderInput({
        service: 'service.payme.web.PreOrder',
        payType: 'PAYME',
        wallet: 'PAYME',
        pay_scene: 'APP',
        transaction_amount: '10.00',
      }),
    )
    const webHtml = await (await fetch(web.pay_apptrade)).text()
    const appHtml = await (await fetch(app.pay_apptrade)).text()
    expect(webHtml).toMatch(/<svg [^>]*role="img"[^>]*aria-label="QR code"/)
    expect(appHtml).not.toContain('<svg')
  })

  it('speaks Traditional Chinese for lang=hk', async () => {
    const { h } = await setup()
    const reply = await h.client().preOrder(
      preOrderInput({
        service: 'service.oct.online.PreOrder',
        payType: 'OCT',
        wallet: 'OCT',
        pay_scene: 'WEB',
        lang: 'hk',
      }),
    )
    const html = await (await fetch(reply.pay_apptrade)).text()
    expect(html).toContain('<html lang="zh-HK">')
    expect(html).toContain('取消支付')
  })

  it('answers 404 for an unknown order', async () => {
    const { h } = await setup()
    expect((await fetch(`${h.sandboxUrl}/pay/852000`)).status).toBe(404)
    expect((await h.pay('852000', 'success')).status).toBe(404)
  })

  it('refuses an outcome that is not success, fail or cancel', async () => {
    const { h } = await setup()
    const reply = await h.client().preOrder(preOrderInput())
    expect((await h.pay(reply.eft_trade_no, 'maybe')).status).toBe(400)
    expect((await h.order(reply.eft_trade_no)).trade_status).toBe('TRADE_PROCESSING')
  })
})

describe('outcome, notification and return', () => {
  it('success: TRADE_SUCCESS, a signed notification with the documented fields, acknowledged by JSON', async () => {
    const r = await startReceiver(() => ({
      body: JSON.stringify(
        signPayload({ return_code: 'success', time: '20261121120000' }, SANDBOX_SECRET),
      ),
    }))
    const { h } = await setup({}, r)
    const reply = await h.client().preOrder(preOrderInput({ notify_url: r.url, tid: 'POS1' }))
    const page = await h.pay(reply.eft_trade_no, 'success')
    expect(page.status).toBe(200)
    await h.sandbox.idle()
    expect(r.received).toHaveLength(1)
    const n = r.received[0]!.body
    expect(verify(n, SANDBOX_SECRET).ok).toBe(true)
    expect(n).toMatchObject({
      notify_type: 'trade_status_sync',
      user_confirm_key: 'SANDBOX00001',
      out_trade_no: reply.out_trade_no,
      eft_trade_no: reply.eft_trade_no,
      eftpay_trade_no: reply.eft_trade_no,
      total_fee: '12.50',
      currency: 'HKD',
      trade_status: 'TRADE_SUCCESS',
      wallet: 'ALIPAYHK',
      tid: 'POS1',
      trade_type: 'SALE',
    })
    expect(n.trade_no).toMatch(/\S/)
    expect(n.transaction_id).toBe(n.trade_no)
    expect(n.gmt_payment).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    expect(n.time).toMatch(/^\d{14}$/)
    expect(n.card_scheme).toBeUndefined()
    const order = await h.order(reply.eft_trade_no)
    expect(order.trade_status).toBe('TRADE_SUCCESS')
    expect(order.notifications).toMatchObject([{ attempt: 1, result: 'acknowledged' }])
  })

  it('cards (MPGS, AE) carry card_scheme and an 8-character card_number', async () => {
    const { h, r } = await setup()
    const client = h.client()
    const mpgs = await client.preOrder(
      preOrderInput({
        service: 'service.mpgs.web.PreOrder',
        payType: 'Mpgs',
        wallet: 'MPGS',
        pay_scene: 'WEB',
        notify_url: r.url,
      }),
    )
    const ae = await client.preOrder(
      preOrderInput({
        service: 'service.ae.web.PreOrder',
        payType: 'AE',
        wallet: 'AE',
        pay_scene: 'WEB',
        notify_url: r.url,
      }),
    )
    await h.pay(mpgs.eft_trade_no, 'success')
    await h.pay(ae.eft_trade_no, 'success')
    await h.sandbox.idle()
    const byWallet = Object.fromEntries(r.received.map((x) => [x.body.wallet, x.body]))
    expect(byWallet.MPGS).toMatchObject({ card_scheme: 'VISA' })
    expect(byWallet.AE).toMatchObject({ card_scheme: 'AMEX' })
    expect(byWallet.MPGS?.card_number).toHaveLength(8)
  })

  it('fail: TRADE_FAIL with empty processor numbers, signature still verifies', async () => {
    const { h, r } = await setup()
    const reply = await h.client().preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(reply.eft_trade_no, 'fail')
    await h.sandbox.idle()
    const n = r.received[0]!.body
    expect(n.trade_status).toBe('TRADE_FAIL')
    expect(n.trade_no).toBe('')
    expect(verify(n, SANDBOX_SECRET)).toEqual({ ok: true, variant: 'empty-dropped' })
  })

  it('retries when the receiver answers 500, then stops at the acknowledgement (plain "success")', async () => {
    const r = await startReceiver((_item, index) =>
      index < 2 ? { status: 500, body: 'oops' } : { body: 'success' },
    )
    const { h } = await setup({ notifyRetryScheduleMs: [0, 10, 10, 10, 10] }, r)
    const reply = await h.client().preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(reply.eft_trade_no, 'success')
    await h.sandbox.idle()
    expect(r.received).toHaveLength(3)
    for (const item of r.received) expect(verify(item.body, SANDBOX_SECRET).ok).toBe(true)
    const order = await h.order(reply.eft_trade_no)
    expect((order.notifications as Array<{ result: string }>).map((a) => a.result)).toEqual([
      'failed',
      'failed',
      'acknowledged',
    ])
  })

  it('counts a wrongly signed JSON ack or any other body as a failure, and gives up after the schedule', async () => {
    const r = await startReceiver((_item, index) =>
      index === 0
        ? {
            body: JSON.stringify(
              signPayload({ return_code: 'success', time: '20261121120000' }, 'wrong'),
            ),
          }
        : { body: 'OK' },
    )
    const { h } = await setup({ notifyRetryScheduleMs: [0, 5, 5] }, r)
    const reply = await h.client().preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(reply.eft_trade_no, 'success')
    await h.sandbox.idle()
    expect(r.received).toHaveLength(3)
  })

  it('sends no notification for Octopus, and refuses a resend', async () => {
    const { h, r } = await setup()
    const reply = await h.client().preOrder(
      preOrderInput({
        service: 'service.oct.online.PreOrder',
        payType: 'OCT',
        wallet: 'OCT',
        pay_scene: 'WEB',
        notify_url: r.url,
      }),
    )
    await h.pay(reply.eft_trade_no, 'success')
    await h.sandbox.idle()
    expect(r.received).toHaveLength(0)
    expect((await h.order(reply.eft_trade_no)).trade_status).toBe('TRADE_SUCCESS')
    const resend = await fetch(`${h.sandboxUrl}/notify/${reply.eft_trade_no}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(resend.status).toBe(409)
    expect(errorJson.safeParse(await resend.json()).success).toBe(true)
    const unknown = await fetch(`${h.sandboxUrl}/orders/852000`)
    expect(unknown.status).toBe(404)
    expect(errorJson.safeParse(await unknown.json()).success).toBe(true)
  })

  it('resends the current notification on request', async () => {
    const { h, r } = await setup()
    const reply = await h.client().preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(reply.eft_trade_no, 'success')
    await h.sandbox.idle()
    const resend = await fetch(`${h.sandboxUrl}/notify/${reply.eft_trade_no}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    expect(resend.status).toBe(202)
    await h.sandbox.idle()
    expect(r.received.map((x) => x.body.trade_status)).toEqual(['TRADE_SUCCESS', 'TRADE_SUCCESS'])
  })

  it('POST return: a page with a "Return to merchant" form carrying the signed payload, and a meta refresh', async () => {
    const { h } = await setup()
    const reply = await h
      .client()
      .preOrder(preOrderInput({ return_url: 'https://shop.example/return/cs_1' }))
    const page = await h.pay(reply.eft_trade_no, 'success')
    const html = await page.text()
    expect(html).toContain('<form method="post" action="https://shop.example/return/cs_1"')
    expect(html).toContain('Return to merchant')
    expect(html).toMatch(
      /<meta http-equiv="refresh" content="5;url=https:\/\/shop\.example\/return\/cs_1\?/,
    )
    expect(page.headers.get('content-security-policy')).toContain("form-action 'self' http: https:")
    const fields = hiddenInputs(html)
    expect(fields).toMatchObject({
      trade_status: 'TRADE_SUCCESS',
      return_status: '00',
      out_trade_no: reply.out_trade_no,
    })
    expect(verify(fields, SANDBOX_SECRET).ok).toBe(true)
  })

  it('GET return: a 303 to return_url with the signed payload as query parameters; cancel closes', async () => {
    const { h } = await setup({ returnMethod: 'GET' })
    const reply = await h
      .client()
      .preOrder(preOrderInput({ return_url: 'https://shop.example/return/cs_2' }))
    const response = await h.pay(reply.eft_trade_no, 'cancel')
    expect(response.status).toBe(303)
    const location = new URL(response.headers.get('location') ?? '')
    expect(location.origin + location.pathname).toBe('https://shop.example/return/cs_2')
    const fields = Object.fromEntries(location.searchParams)
    expect(fields.trade_status).toBe('TRADE_CLOSED')
    expect(verify(fields, SANDBOX_SECRET).ok).toBe(true)
    expect((await h.order(reply.eft_trade_no)).trade_status).toBe('TRADE_CLOSED')
  })

  it('a second press changes nothing (409) and sends nothing more', async () => {
    const { h, r } = await setup()
    const reply = await h.client().preOrder(preOrderInput({ notify_url: r.url }))
    await h.pay(reply.eft_trade_no, 'success')
    const again = await h.pay(reply.eft_trade_no, 'fail')
    expect(again.status).toBe(409)
    await h.sandbox.idle()
    expect(r.received).toHaveLength(1)
    expect((await h.order(reply.eft_trade_no)).trade_status).toBe('TRADE_SUCCESS')
    const html = await (await fetch(reply.pay_apptrade)).text()
    expect(html).not.toContain('name="outcome"')
  })

  it('an expired order cannot be paid', async () => {
    const { h } = await setup()
    const reply = await h.client().preOrder(preOrderInput({ active_time: '60' }))
    h.clock.advance(60_000)
    expect((await h.pay(reply.eft_trade_no, 'success')).status).toBe(409)
    expect((await h.order(reply.eft_trade_no)).trade_status).toBe('TRADE_CLOSED')
  })
})
