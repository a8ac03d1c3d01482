import { describe, expect, it } from 'vitest'
import type { SandboxOrder } from './orders.js'
import { escapeHtml, qrSvg, renderPayPage, renderResultPage } from './pay-page.js'

const order: SandboxOrder = {
  eftTradeNo: '852202611211200000000011234',
  outTradeNo: 'O1',
  service: 'service.wechat.web.PreOrder',
  payType: 'WeChat',
  wallet: 'WECHATHK',
  buyerType: 'others',
  payScene: 'WEB',
  amount: '8',
  amountCents: 800n,
  currency: 'HKD',
  subject: '"><script>alert(1)</script>',
  activeSeconds: 1800,
  notifies: true,
  showQr: true,
  createdAt: new Date(0),
  expiresAt: new Date(1_800_000),
  state: 'TRADE_PROCESSING',
  refunds: [],
}

describe('pay page HTML', () => {
  it('escapes every special character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    )
  })

  it('never lets a subject or merchant name out of its text node', () => {
    const html = renderPayPage(order, {
      merchantName: '<img src=x>',
      selfUrl: 'http://127.0.0.1/sandbox/pay/1',
      status: 'TRADE_PROCESSING',
    })
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
    expect(html).toContain('HK$8.00')
    expect(html).toContain('WeChat Pay HK')
  })

  it('draws a QR code as inline SVG', () => {
    const svg = qrSvg('http://127.0.0.1:8787/sandbox/pay/852')
    expect(svg).toMatch(/^<svg [^>]*aria-label="QR code"/)
    expect(svg).toContain('<path')
  })

  it('shows the state, not the buttons, once the order is settled', () => {
    const html = renderPayPage(order, {
      merchantName: 'M',
      selfUrl: 'http://x/',
      status: 'TRADE_FAIL',
    })
    expect(html).not.toContain('name="outcome"')
    expect(html).toContain('Payment failed')
  })

  it('escapes the return payload and URL in the result page', () => {
    const html = renderResultPage(order, {
      merchantName: 'M',
      status: 'TRADE_SUCCESS',
      returnUrl: 'https://shop.example/r"x',
      returnFields: { subject: '"><b>' },
      refreshUrl: 'https://shop.example/r?a=1&b=2',
    })
    expect(html).toContain('action="https://shop.example/r&quot;x"')
    expect(html).toContain('value="&quot;&gt;&lt;b&gt;"')
    expect(html).toContain('url=https://shop.example/r?a=1&amp;b=2')
  })
})
