import { fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing'
import { render } from 'lit'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { WALLET_APP_SCHEMES } from '../../../signer/src/gateway/pay-link.js'
import type { EftpayButton } from '../eftpay-button/eftpay-button.js'
import { FakeSigner, SECRET, SIGNER } from '../internal/test/fake-signer.js'
import '../eftpay-button/eftpay-button.js'
import { mayOpen } from './pay-link.js'

/**
 * The widget checks a payment's link again before it sends the shopper there (docs/protocol.md
 * "Pay links"): the signer checks eftPay's reply, but the widget must not run a `javascript:` URL
 * that a signer (an older one, or one in between) passed on. It navigates only to https, a wallet
 * app's scheme, or plain http on this machine in sandbox mode; anything else is an error and no
 * `eftpay-redirect` (a page that takes the navigation over would follow it too).
 */

let fake: FakeSigner
declare global {
  interface Window {
    eftpayHijacked?: boolean
  }
}

beforeEach(() => {
  fake = new FakeSigner().install()
  vi.spyOn(console, 'error').mockImplementation(() => {})
  window.eftpayHijacked = undefined
})

afterEach(() => {
  fixtureCleanup()
  vi.restoreAllMocks()
  fake.restore()
})

/** The signer answers the payment with `url` as its redirect (a signer without the check). */
function answerWith(url: string): void {
  fake.override('POST /v1/sessions/cs_test1/payments', () => ({
    status: 201,
    body: fake.payment({ id: 'py_1', wallet: 'ALIPAYHK', next_action: { type: 'redirect', url } }),
    beyondContract: 'a signer that passes on any pay link eftPay answers',
  }))
}

/** Mounts, clicks AlipayHK, and waits for the widget to redirect or fail. */
async function payWithAlipay(options: { takeOver: boolean }) {
  const host = await fixture<HTMLDivElement>(html`<div></div>`)
  const events: Array<{ type: string; detail: Record<string, unknown> }> = []
  for (const type of ['eftpay-redirect', 'eftpay-error'])
    host.addEventListener(type, (e) => {
      events.push({ type, detail: (e as CustomEvent).detail })
      if (options.takeOver) e.preventDefault()
    })
  render(html`<eftpay-button signer=${SIGNER} client-secret=${SECRET}></eftpay-button>`, host)
  const el = host.querySelector('eftpay-button') as EftpayButton
  await waitUntil(() => el.matches(':state(idle)'), 'never idle', { timeout: 10_000 })
  await userEvent.click(el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=ALIPAYHK]')!)
  await waitUntil(
    () => el.matches(':state(redirecting)') || el.matches(':state(error)'),
    'neither redirecting nor an error',
    { timeout: 10_000 },
  )
  return { el, events }
}

describe('the link a payment redirects to', () => {
  it('never runs a javascript: link: an error, no eftpay-redirect, nothing navigated', async () => {
    const here = location.href
    answerWith('javascript:window.eftpayHijacked=true;void 0')
    // No listener takes the navigation over: a widget without the check would run the script.
    const { el, events } = await payWithAlipay({ takeOver: false })
    expect(el.matches(':state(error)')).toBe(true)
    expect(events.map((e) => e.type)).toEqual(['eftpay-error'])
    expect(events[0]!.detail).toMatchObject({ code: 'unsafe_url', retryable: false })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(window.eftpayHijacked).toBeUndefined()
    expect(location.href).toBe(here)
  })

  for (const [url, mode] of [
    ['JavaScript:alert(1)', 'sandbox'],
    ['data:text/html,<script>alert(1)</script>', 'sandbox'],
    ['vbscript:msgbox(1)', 'sandbox'],
    ['http://evil.example/pay', 'sandbox'],
    ['http://localhost:@evil.example/pay', 'sandbox'],
    ['http://127.0.0.1:8787/sandbox/pay/1', 'live'],
    ['intent://pay#Intent;scheme=weixin;end', 'live'],
  ] as const) {
    it(`refuses ${url} in ${mode} mode`, async () => {
      fake.config.mode = mode
      answerWith(url)
      const { el, events } = await payWithAlipay({ takeOver: true })
      expect(el.matches(':state(error)')).toBe(true)
      expect(events.map((e) => e.type)).toEqual(['eftpay-error'])
      expect(events[0]!.detail.code).toBe('unsafe_url')
    })
  }

  for (const [url, mode] of [
    ['https://vmp.eftpay.com.cn/VMP/wap/payPage?x=1', 'live'],
    ['weixin://wap/pay?prepayid%3Dwx1', 'live'],
    ['alipayhk://platformapi/startapp?x=1', 'live'],
    ['http://127.0.0.1:8787/sandbox/pay/1', 'sandbox'],
    ['http://localhost:8787/sandbox/pay/1', 'sandbox'],
  ] as const) {
    it(`sends the shopper to ${url} in ${mode} mode`, async () => {
      fake.config.mode = mode
      answerWith(url)
      const { el, events } = await payWithAlipay({ takeOver: true })
      expect(el.matches(':state(redirecting)')).toBe(true)
      expect(events).toEqual([
        { type: 'eftpay-redirect', detail: expect.objectContaining({ url }) },
      ])
    })
  }
})

describe('the widget’s list of app schemes', () => {
  it('holds every scheme the signer accepts for some wallet, and no other', () => {
    const schemes = [...new Set(Object.values(WALLET_APP_SCHEMES).flat())]
    expect(schemes.length).toBeGreaterThan(0)
    for (const scheme of schemes) expect(mayOpen(`${scheme}://pay?x=1`, false), scheme).toBe(true)
    for (const scheme of ['javascript', 'data', 'blob', 'file', 'ftp', 'intent', 'ws', 'http'])
      expect(mayOpen(`${scheme}://pay?x=1`, false), scheme).toBe(false)
  })
})
