import { expect as chaiExpect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing'
import { render } from 'lit'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import { commands, userEvent } from 'vitest/browser'
import type { EftpayRedirectEvent } from '../events/eftpay-redirect.js'
import { FakeApplePaySession } from '../internal/test/fake-apple-pay.js'
import {
  apiError,
  deferred,
  type FakeAnswer,
  FakeSigner,
  SECRET,
  SIGNER,
} from '../internal/test/fake-signer.js'
import type { EftpayButton } from './eftpay-button.js'
import './eftpay-button.js'

declare module 'vitest/browser' {
  interface BrowserCommands {
    emulateMedia: (media: {
      reducedMotion?: 'reduce' | 'no-preference'
      colorScheme?: 'light' | 'dark'
    }) => Promise<void>
  }
}

const EVENTS = [
  'ready',
  'select',
  'redirect',
  'qrcode',
  'success',
  'failure',
  'cancel',
  'error',
].map((n) => `eftpay-${n}`)

let fake: FakeSigner
/** What the widget wrote to the console: errors in sandbox mode, or before the mode is known. */
let consoleErrors: MockInstance<typeof console.error>

beforeEach(() => {
  fake = new FakeSigner().install()
  sessionStorage.clear()
  consoleErrors = vi.spyOn(console, 'error').mockImplementation(() => {})
})

afterEach(() => {
  fixtureCleanup()
  consoleErrors.mockRestore()
  document.documentElement.lang = 'en'
  fake.restore() // last: it throws when an answer of the fake was one the signer could not send
})

const part = <T extends Element = HTMLElement>(el: EftpayButton, name: string): T | null =>
  el.shadowRoot!.querySelector<T>(`[part~='${name}']`)
const parts = (el: EftpayButton, name: string): HTMLElement[] => [
  ...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~='${name}']`),
]
const walletCodes = (el: EftpayButton): string[] =>
  parts(el, 'wallet').map((b) => b.dataset.wallet!)
const statusText = (el: EftpayButton): string => part(el, 'status')!.textContent!.trim()
const inState = (el: EftpayButton, state: string): Promise<void> =>
  waitUntil(() => el.matches(`:state(${state})`), `never reached ${state}`, { timeout: 10_000 })
const types = (events: Array<{ type: string }>): string[] => events.map((e) => e.type)

/** A widget for the fake session, with the events it sends recorded from the start. */
async function mount(
  template = html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} poll-interval="20"></eftpay-button>`,
) {
  const host = await fixture<HTMLDivElement>(html`<div></div>`)
  const events: Array<{ type: string; detail: Record<string, unknown>; event: Event }> = []
  for (const type of EVENTS)
    host.addEventListener(type, (event) =>
      events.push({ type, detail: (event as CustomEvent).detail, event }),
    )
  // A safety net: a navigation would unload the test frame. Tests that rely on it cancel it themselves.
  host.addEventListener('eftpay-redirect', (e) => e.preventDefault())
  render(template, host)
  const el = host.querySelector('eftpay-button')!
  return { el, events }
}

/** Mounts and waits for the choices and for `eftpay-ready`, which comes after they have painted. */
async function mountReady(template?: Parameters<typeof mount>[0]) {
  const r = await mount(template)
  await inState(r.el, 'idle')
  await waitUntil(() => r.events.some((e) => e.type === 'eftpay-ready'), 'no eftpay-ready')
  return r
}

describe('loading', () => {
  it('reserves space, says it is loading and is busy until config and session arrive', async () => {
    const hold = deferred<FakeAnswer>()
    fake.override('GET /v1/config', () => hold.promise)
    const { el } = await mount()
    const base = part(el, 'base')!
    expect(el.matches(':state(loading)')).toBe(true)
    expect(base.getAttribute('aria-busy')).toBe('true')
    expect(statusText(el)).toBe('Loading payment options…')
    expect(part(el, 'status')!.getAttribute('aria-live')).toBe('polite')
    const loadingHeight = base.getBoundingClientRect().height
    expect(loadingHeight).toBeGreaterThanOrEqual(150)
    await chaiExpect(el).to.be.accessible()
    hold.resolve({ status: 200, body: fake.config })
    await inState(el, 'idle')
    expect(base.getAttribute('aria-busy')).toBe('false')
    // Nothing jumps: the reserved space holds the loaded choices' first rows.
    expect(base.getBoundingClientRect().height).toBeGreaterThanOrEqual(loadingHeight)
  })

  it('sends the detected device to GET /v1/config', async () => {
    await mountReady()
    const [req] = fake.seen('GET /v1/config')
    expect(req!.query.get('os')).toBe('others')
    expect(req!.query.get('mobile')).toBe('false')
    expect(req!.query.get('in_app')).toBe('none')
  })
})

describe('wallets', () => {
  it('shows the enabled wallets in the configured order, with names, marks and the sandbox banner', async () => {
    fake.override('GET /v1/config', () => ({
      status: 200,
      body: { ...fake.config, wallets: ['OCT', 'ALIPAYHK', 'NOT_A_WALLET', 'AE'] },
      beyondContract: 'a newer signer offers a wallet this widget does not know',
    }))
    const { el, events } = await mountReady()
    expect(walletCodes(el)).toEqual(['OCT', 'ALIPAYHK', 'AE'])
    const first = part(el, 'wallet')!
    expect(first.tagName).toBe('BUTTON')
    expect(first.querySelector('[part=wallet__label]')!.textContent).toBe('Octopus')
    expect(first.querySelector('svg[part=wallet__icon]')!.getAttribute('aria-hidden')).toBe('true')
    expect(part(el, 'banner')!.textContent).toContain('Sandbox')
    expect(el.shadowRoot!.textContent).toContain('HK$128.00')
    expect(statusText(el)).toBe('Choose how to pay')
    expect(types(events)).toEqual(['eftpay-ready'])
    expect(events[0]!.detail).toEqual({
      mode: 'sandbox',
      wallets: ['OCT', 'ALIPAYHK', 'AE'],
      applePay: false,
      // Chromium's own PaymentRequest: no Google Pay in a test browser.
      googlePay: false,
      sessionId: 'cs_test1',
      status: 'open',
      amount: '128.00',
      currency: 'HKD',
    })
    await chaiExpect(el).to.be.accessible()
  })

  it('narrows the wallets by the wallets attribute, keeping the merchant’s order', async () => {
    const { el } = await mountReady(
      html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} wallets="mpgs, ALIPAYHK"></eftpay-button>`,
    )
    expect(walletCodes(el)).toEqual(['ALIPAYHK', 'MPGS'])
  })

  it('offers Apple Pay only when the wallets attribute names it', async () => {
    const uninstall = FakeApplePaySession.install()
    try {
      const { el } = await mountReady(
        html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} wallets="OCT"></eftpay-button>`,
      )
      expect(part(el, 'apple-pay')).toBeNull()
      expect(walletCodes(el)).toEqual(['OCT'])
      fixtureCleanup()
      const second = await mountReady(
        html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} wallets="APPLEPAY OCT"></eftpay-button>`,
      )
      expect(part(second.el, 'apple-pay')).not.toBeNull()
    } finally {
      uninstall()
    }
  })

  it('tells the page it is ready only once the wallets are laid out, so listeners cannot delay them', async () => {
    const { el, events } = await mount()
    const seenAtReady: number[] = []
    el.addEventListener('eftpay-ready', () =>
      seenAtReady.push(parts(el, 'wallet').filter((b) => b.getClientRects().length > 0).length),
    )
    await inState(el, 'idle')
    await waitUntil(() => seenAtReady.length > 0, 'no eftpay-ready')
    expect(seenAtReady).toEqual([5])
    expect(types(events)).toEqual(['eftpay-ready'])
  })

  it('sends every event bubbling and composed, and only the redirect cancelable', async () => {
    fake.nextAction.WECHATHK = 'qr_code'
    const { el, events } = await mountReady()
    await userEvent.click(el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=WECHATHK]')!)
    await inState(el, 'awaiting-scan')
    await userEvent.click(part(el, 'back')!)
    await inState(el, 'cancelled')
    await userEvent.click(el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=OCT]')!)
    await inState(el, 'redirecting')
    expect(types(events)).toEqual([
      'eftpay-ready',
      'eftpay-select',
      'eftpay-qrcode',
      'eftpay-cancel',
      'eftpay-select',
      'eftpay-redirect',
    ])
    for (const { event } of events) {
      expect([event.type, event.bubbles, event.composed, event.cancelable]).toEqual([
        event.type,
        true,
        true,
        event.type === 'eftpay-redirect',
      ])
    }
  })

  it('loads again when taken off the page during loading and put back', async () => {
    const hold = deferred<FakeAnswer>()
    fake.override('GET /v1/config', () => hold.promise)
    const { el } = await mount()
    const parent = el.parentElement!
    el.remove()
    fake.override('GET /v1/config', () => ({ status: 200, body: fake.config }))
    parent.append(el)
    await inState(el, 'idle')
    hold.resolve({ status: 200, body: fake.config })
    expect(fake.seen('GET /v1/config')).toHaveLength(2)
  })

  it('shows no banner in live mode', async () => {
    fake.config.mode = 'live'
    const { el } = await mountReady()
    expect(part(el, 'banner')).toBeNull()
  })
})

describe('sku flow', () => {
  it('creates the session from sku and quantity and keeps its secret for the return page', async () => {
    const { el, events } = await mountReady(
      html`<eftpay-button signer=${SIGNER} sku="latte" quantity="2"></eftpay-button>`,
    )
    expect(fake.seen('POST /v1/sessions')[0]!.body).toEqual({ sku: 'latte', quantity: 2 })
    expect(sessionStorage.getItem('eftpay:cs_test1')).toBe(SECRET)
    expect(events[0]!.detail.sessionId).toBe('cs_test1')
    await userEvent.click(part(el, 'wallet')!)
    expect(fake.seen('POST /v1/sessions/cs_test1/payments')[0]!.body!.client_secret).toBe(SECRET)
  })
})

describe('redirect wallets', () => {
  it('starts the payment and sends a cancelable redirect event the page can take over', async () => {
    const { el, events } = await mountReady()
    el.addEventListener('eftpay-redirect', (e) => e.preventDefault())
    await userEvent.click(el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=ALIPAYHK]')!)
    await inState(el, 'redirecting')
    expect(fake.seen('POST /v1/sessions/cs_test1/payments')[0]!.body).toEqual({
      client_secret: SECRET,
      wallet: 'ALIPAYHK',
      device: { os: 'others', mobile: false, in_app: 'none' },
      lang: 'en',
    })
    expect(types(events)).toEqual(['eftpay-ready', 'eftpay-select', 'eftpay-redirect'])
    expect(events[1]!.detail).toEqual({ wallet: 'ALIPAYHK', sessionId: 'cs_test1' })
    const redirect = events[2]!
    expect(redirect.detail).toEqual({
      wallet: 'ALIPAYHK',
      url: 'https://wallet.test/pay/py_1',
      paymentId: 'py_1',
      sessionId: 'cs_test1',
    })
    expect(redirect.event.cancelable && redirect.event.bubbles && redirect.event.composed).toBe(
      true,
    )
    expect((redirect.event as EftpayRedirectEvent).defaultPrevented).toBe(true)
    expect(statusText(el)).toBe('Opening AlipayHK…')
    // Still on this page: the listener took the navigation over.
    expect(location.href).not.toContain('wallet.test')
    await chaiExpect(el).to.be.accessible()
  })

  it('shows that it is working on a choice and ignores more clicks meanwhile', async () => {
    const hold = deferred<FakeAnswer>()
    fake.override('POST /v1/sessions/cs_test1/payments', () => hold.promise)
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'wallet')!)
    await inState(el, 'pending')
    expect(statusText(el)).toBe('Starting AlipayHK…')
    expect(part(el, 'wallet')!.getAttribute('aria-disabled')).toBe('true')
    await chaiExpect(el).to.be.accessible()
    // Playwright will not click an aria-disabled button; a script (or assistive tech) still can.
    parts(el, 'wallet')[1]!.click()
    expect(fake.seen('POST /v1/sessions/cs_test1/payments')).toHaveLength(1)
    expect(types(events).filter((t) => t === 'eftpay-select')).toHaveLength(1)
    hold.resolve(apiError(409, 'session_paid', false))
    await inState(el, 'error')
  })
})

describe('QR code payments', () => {
  async function showQr(template?: Parameters<typeof mount>[0]) {
    fake.nextAction.WECHATHK = 'qr_code'
    const r = await mountReady(template)
    await userEvent.click(r.el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=WECHATHK]')!)
    await inState(r.el, 'awaiting-scan')
    return r
  }

  it('shows the QR code with the amount, a countdown and a way back, and announces it', async () => {
    const { el, events } = await showQr()
    const qr = part<SVGSVGElement>(el, 'qr')!
    expect(qr.tagName.toLowerCase()).toBe('svg')
    expect(qr.getAttribute('aria-label')).toBe('QR code to pay with WeChat Pay HK')
    expect(qr.querySelector('path')!.getAttribute('d')!.length).toBeGreaterThan(100)
    expect(el.shadowRoot!.textContent).toContain('HK$128.00')
    expect(el.shadowRoot!.textContent).toMatch(/Expires in [45]:\d\d/)
    expect(statusText(el)).toBe('Scan with WeChat Pay HK on your phone')
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'back'))
    const qrcode = events.find((e) => e.type === 'eftpay-qrcode')!
    expect(qrcode.detail).toMatchObject({
      wallet: 'WECHATHK',
      url: 'https://qr.test/WECHATHK/py_1',
      paymentId: 'py_1',
      sessionId: 'cs_test1',
    })
    expect(typeof qrcode.detail.expiresAt).toBe('string')
    await chaiExpect(el).to.be.accessible()
  })

  it('polls the session until it is paid, then shows and reports success', async () => {
    const { el, events } = await showQr()
    await waitUntil(() => fake.seen('GET /v1/sessions/cs_test1').length >= 3)
    expect(el.matches(':state(awaiting-scan)')).toBe(true)
    fake.setPaymentStatus('py_1', 'succeeded')
    await inState(el, 'succeeded')
    expect(statusText(el)).toBe('Payment received. Thank you!')
    expect(part(el, 'qr')).toBeNull()
    expect(part(el, 'wallet')).toBeNull()
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-success',
      detail: {
        sessionId: 'cs_test1',
        paymentId: 'py_1',
        wallet: 'WECHATHK',
        amount: '128.00',
        currency: 'HKD',
      },
    })
    // Polling stopped.
    const polls = fake.seen('GET /v1/sessions/cs_test1').length
    await new Promise((r) => setTimeout(r, 100))
    expect(fake.seen('GET /v1/sessions/cs_test1').length).toBe(polls)
    await chaiExpect(el).to.be.accessible()
  })

  it('reports a failed payment and offers the wallets again', async () => {
    const { el, events } = await showQr()
    fake.setPaymentStatus('py_1', 'failed')
    await inState(el, 'failed')
    expect(statusText(el)).toBe('The payment did not go through. Please try again.')
    expect(walletCodes(el).length).toBeGreaterThan(0)
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-failure',
      detail: { paymentId: 'py_1', wallet: 'WECHATHK', reason: 'failed' },
    })
    await chaiExpect(el).to.be.accessible()
  })

  it('shows an expired session as expired', async () => {
    const { el, events } = await showQr()
    fake.session.status = 'expired'
    await inState(el, 'expired')
    expect(statusText(el)).toBe('This payment has expired.')
    expect(part(el, 'wallet')).toBeNull()
    expect(events.at(-1)).toMatchObject({ type: 'eftpay-failure', detail: { reason: 'expired' } })
    await chaiExpect(el).to.be.accessible()
  })

  it('keeps polling through a transient signer failure', async () => {
    const { el } = await showQr()
    fake.override('GET /v1/sessions/cs_test1', () => apiError(502, 'gateway_unavailable', true))
    await waitUntil(() => fake.seen('GET /v1/sessions/cs_test1').length >= 3)
    expect(el.matches(':state(awaiting-scan)')).toBe(true)
  })

  it('goes back to the wallets with the keyboard, reporting a cancel and stopping the polling', async () => {
    const { el, events } = await showQr()
    await userEvent.keyboard('{Enter}')
    await inState(el, 'cancelled')
    expect(statusText(el)).toBe('Payment cancelled.')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-cancel',
      detail: { sessionId: 'cs_test1', wallet: 'WECHATHK', source: 'qr-code' },
    })
    expect(el.shadowRoot!.activeElement).toBe(
      el.shadowRoot!.querySelector('[data-wallet=WECHATHK]'),
    )
    const polls = fake.seen('GET /v1/sessions/cs_test1').length
    await new Promise((r) => setTimeout(r, 100))
    expect(fake.seen('GET /v1/sessions/cs_test1').length).toBe(polls)
    await chaiExpect(el).to.be.accessible()
  })
})

describe('errors', () => {
  it('shows a retryable payment error with a retry that works', async () => {
    let fail = true
    fake.override('POST /v1/sessions/cs_test1/payments', () => {
      if (!fail)
        return {
          status: 201,
          body: fake.payment({
            id: 'py_9',
            next_action: { type: 'redirect', url: 'https://wallet.test/x' },
          }),
        }
      fail = false
      return apiError(502, 'gateway_unavailable', true)
    })
    const { el, events } = await mountReady()
    el.addEventListener('eftpay-redirect', (e) => e.preventDefault())
    await userEvent.click(part(el, 'wallet')!)
    await inState(el, 'error')
    expect(statusText(el)).toBe('Something went wrong.')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-error',
      detail: {
        code: 'gateway_unavailable',
        message: 'fake gateway_unavailable',
        retryable: true,
        status: 502,
      },
    })
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'retry'))
    await chaiExpect(el).to.be.accessible()
    await userEvent.keyboard('{Enter}')
    await inState(el, 'redirecting')
    expect(types(events).at(-1)).toBe('eftpay-redirect')
  })

  it('offers no retry when a retry cannot help, and names the field', async () => {
    fake.override('POST /v1/sessions/cs_test1/payments', () =>
      apiError(400, 'wallet_not_enabled', false, 'wallet'),
    )
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'wallet')!)
    await inState(el, 'error')
    expect(part(el, 'retry')).toBeNull()
    expect(events.at(-1)!.detail).toMatchObject({
      code: 'wallet_not_enabled',
      retryable: false,
      status: 400,
      param: 'wallet',
    })
    expect(walletCodes(el).length).toBeGreaterThan(0)
  })

  it('reports an unreachable signer while loading and reloads on retry', async () => {
    let down = true
    fake.override('GET /v1/config', () => {
      if (down) throw new TypeError('Failed to fetch')
      return { status: 200, body: fake.config }
    })
    const { el, events } = await mount()
    await inState(el, 'error')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-error',
      detail: { code: 'network_error', retryable: true, status: 0 },
    })
    await chaiExpect(el).to.be.accessible()
    down = false
    await userEvent.click(part(el, 'retry')!)
    await inState(el, 'idle')
    await waitUntil(() => types(events).includes('eftpay-ready'), 'no eftpay-ready')
    expect(types(events).at(-1)).toBe('eftpay-ready')
  })

  it('reports a wrong client secret without a retry', async () => {
    const { el, events } = await mount(
      html`<eftpay-button signer=${SIGNER} client-secret="cs_test1_secret_wrong"></eftpay-button>`,
    )
    await inState(el, 'error')
    expect(part(el, 'retry')).toBeNull()
    expect(events.at(-1)!.detail).toMatchObject({
      code: 'invalid_client_secret',
      status: 403,
      retryable: false,
    })
  })

  it('reports a page that gives neither client secret nor sku', async () => {
    const { el, events } = await mount(html`<eftpay-button signer=${SIGNER}></eftpay-button>`)
    await inState(el, 'error')
    expect(events.at(-1)!.detail).toMatchObject({ code: 'missing_client_secret', retryable: false })
    expect(fake.seen('POST /v1/sessions')).toHaveLength(0)
  })
})

describe('telling the integrator why', () => {
  const refused = {
    type: 'permission_error',
    code: 'origin_not_allowed',
    message:
      'The origin http://localhost:4000 is not allowed. Add it to ALLOWED_ORIGINS on the signer.',
    retryable: false,
  }

  it('reports a refused origin as origin_not_allowed with the signer’s message, and logs it', async () => {
    // The signer answers a refused origin 403 with CORS headers, so the page can read why.
    for (const route of ['GET /v1/config', 'GET /v1/sessions/cs_test1'])
      fake.override(route, () => ({ status: 403, body: { error: refused } }))
    const { el, events } = await mount()
    await inState(el, 'error')
    expect(types(events)).toEqual(['eftpay-error'])
    expect(events[0]!.detail).toEqual({
      code: 'origin_not_allowed',
      message: refused.message,
      retryable: false,
      status: 403,
      param: undefined,
    })
    expect(part(el, 'retry')).toBeNull()
    // The mode is not known (the configuration itself was refused): the console says why.
    expect(consoleErrors).toHaveBeenCalledOnce()
    expect(String(consoleErrors.mock.calls[0]![0])).toContain(refused.message)
  })

  it('logs the signer’s message in sandbox mode', async () => {
    fake.override('POST /v1/sessions/cs_test1/payments', () =>
      apiError(400, 'wallet_not_enabled', false, 'wallet'),
    )
    const { el } = await mountReady()
    await userEvent.click(part(el, 'wallet')!)
    await inState(el, 'error')
    expect(consoleErrors).toHaveBeenCalledOnce()
    expect(String(consoleErrors.mock.calls[0]![0])).toContain('fake wallet_not_enabled')
  })

  it('keeps the console quiet in live mode', async () => {
    fake.config.mode = 'live'
    fake.override('POST /v1/sessions/cs_test1/payments', () =>
      apiError(400, 'wallet_not_enabled', false, 'wallet'),
    )
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'wallet')!)
    await inState(el, 'error')
    expect(events.at(-1)!.detail).toMatchObject({ code: 'wallet_not_enabled' })
    expect(consoleErrors).not.toHaveBeenCalled()
  })
})

describe('return page', () => {
  it('shows a paid session from the session-id attribute and the stored secret', async () => {
    sessionStorage.setItem('eftpay:cs_test1', SECRET)
    fake.session.status = 'paid'
    fake.session.payments = [{ id: 'py_7', wallet: 'ALIPAYHK', status: 'succeeded' }]
    const { el, events } = await mount(
      html`<eftpay-button signer=${SIGNER} session-id="cs_test1"></eftpay-button>`,
    )
    await inState(el, 'succeeded')
    expect(types(events)).toEqual(['eftpay-ready', 'eftpay-success'])
    expect(events[0]!.detail.status).toBe('paid')
    expect(fake.seen('POST /v1/sessions')).toHaveLength(0)
    await chaiExpect(el).to.be.accessible()
  })

  it('reads session_id from the page URL and checks until the payment is final', async () => {
    const before = location.href
    history.replaceState(null, '', `${location.pathname}?session_id=cs_test1`)
    try {
      fake.session.payments = [{ id: 'py_7', wallet: 'ALIPAYHK', status: 'pending' }]
      const { el, events } = await mount()
      await inState(el, 'checking')
      expect(statusText(el)).toBe('Checking your payment…')
      await chaiExpect(el).to.be.accessible()
      fake.setPaymentStatus('py_7', 'failed')
      await inState(el, 'failed')
      expect(events.at(-1)).toMatchObject({
        type: 'eftpay-failure',
        detail: { sessionId: 'cs_test1', reason: 'failed' },
      })
      expect(walletCodes(el).length).toBeGreaterThan(0)
    } finally {
      history.replaceState(null, '', before)
    }
  })

  it('needs the client secret of a session-id it did not create', async () => {
    const { el, events } = await mount(
      html`<eftpay-button signer=${SIGNER} session-id="cs_other"></eftpay-button>`,
    )
    await inState(el, 'error')
    expect(events.at(-1)!.detail).toMatchObject({ code: 'missing_client_secret' })
  })
})

describe('languages', () => {
  it('speaks Traditional Chinese from the lang attribute and sends it to the signer', async () => {
    const { el } = await mountReady(
      html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} lang="zh-HK"></eftpay-button>`,
    )
    expect(statusText(el)).toBe('選擇付款方式')
    expect(el.shadowRoot!.querySelector('[data-wallet=OCT]')!.textContent).toContain('八達通')
    expect(el.shadowRoot!.textContent).toContain('總額: HK$128.00')
    expect(part(el, 'base')!.getAttribute('lang')).toBe('zh-HK')
    el.addEventListener('eftpay-redirect', (e) => e.preventDefault())
    await userEvent.click(part(el, 'wallet')!)
    await inState(el, 'redirecting')
    expect(fake.seen('POST /v1/sessions/cs_test1/payments')[0]!.body!.lang).toBe('zh-HK')
    await chaiExpect(el).to.be.accessible()
  })

  it('speaks Simplified Chinese from the page’s lang and follows it when it changes', async () => {
    document.documentElement.lang = 'zh-Hans'
    const { el } = await mountReady()
    expect(statusText(el)).toBe('选择支付方式')
    expect(el.shadowRoot!.querySelector('[data-wallet=AE]')).toBeNull()
    expect(el.shadowRoot!.querySelector('[data-wallet=OCT]')!.textContent).toContain('八达通')
    await chaiExpect(el).to.be.accessible()
    document.documentElement.lang = 'en-GB'
    await waitUntil(() => statusText(el) === 'Choose how to pay')
  })

  it('falls back past languages it does not speak to the browser’s, then English', async () => {
    document.documentElement.lang = 'fr'
    const { el } = await mountReady(
      html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} lang="de"></eftpay-button>`,
    )
    // The test browser's languages are English.
    expect(navigator.languages[0]).toMatch(/^en/)
    expect(statusText(el)).toBe('Choose how to pay')
  })

  it('re-renders when its own lang changes, as attribute or property', async () => {
    const { el } = await mountReady()
    el.setAttribute('lang', 'zh-CN')
    await waitUntil(() => statusText(el) === '选择支付方式')
    el.lang = 'zh-HK'
    await waitUntil(() => statusText(el) === '選擇付款方式')
    expect(fake.seen('GET /v1/config')).toHaveLength(1)
  })
})

describe('styling', () => {
  it('takes colours, radius and font from --eftpay-* custom properties', async () => {
    const { el } = await mountReady(
      html`<eftpay-button
        signer=${SIGNER}
        client-secret=${SECRET}
        style="--eftpay-color-surface: rgb(1, 2, 3); --eftpay-radius: 13px; --eftpay-font-family: monospace"
      ></eftpay-button>`,
    )
    const button = getComputedStyle(part(el, 'wallet')!)
    expect(button.backgroundColor).toBe('rgb(1, 2, 3)')
    expect(button.borderTopLeftRadius).toBe('13px')
    expect(getComputedStyle(part(el, 'base')!).fontFamily).toBe('monospace')
  })

  it('exposes parts to ::part rules of the page', async () => {
    const style = document.createElement('style')
    style.textContent =
      'eftpay-button::part(wallet){border-top-width:5px} eftpay-button::part(wallet__label){letter-spacing:3px} eftpay-button::part(status){text-transform:uppercase}'
    document.head.append(style)
    try {
      const { el } = await mountReady()
      expect(getComputedStyle(part(el, 'wallet')!).borderTopWidth).toBe('5px')
      expect(getComputedStyle(part(el, 'wallet__label')!).letterSpacing).toBe('3px')
      expect(getComputedStyle(part(el, 'status')!).textTransform).toBe('uppercase')
    } finally {
      style.remove()
    }
  })

  it('has light, dark and auto themes', async () => {
    const { el } = await mountReady(
      html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} theme="dark"></eftpay-button>`,
    )
    const bg = () => getComputedStyle(part(el, 'base')!).backgroundColor
    expect(bg()).toBe('rgb(28, 28, 30)')
    await chaiExpect(el).to.be.accessible()
    el.theme = 'light'
    await el.updateComplete
    expect(bg()).toBe('rgb(255, 255, 255)')
    el.theme = 'auto'
    await el.updateComplete
    await commands.emulateMedia({ colorScheme: 'dark' })
    try {
      await waitUntil(() => bg() === 'rgb(28, 28, 30)')
    } finally {
      await commands.emulateMedia({ colorScheme: 'light' })
    }
  })

  it('lays wallets out as a grid', async () => {
    const { el } = await mountReady(
      html`<div style="width: 600px"><eftpay-button signer=${SIGNER} client-secret=${SECRET} layout="grid"></eftpay-button></div>`,
    )
    const columns = getComputedStyle(part(el, 'wallet-list')!).gridTemplateColumns.split(' ')
    expect(columns.length).toBeGreaterThan(1)
    expect(el.getAttribute('layout')).toBe('grid')
  })

  it('stops the loading animation when the shopper prefers reduced motion', async () => {
    fake.override('GET /v1/config', () => new Promise(() => {}))
    const { el } = await mount()
    // Shown once loading takes a while (a fast load never flashes it).
    await waitUntil(() => el.shadowRoot!.querySelector('.skeleton'), 'no skeleton')
    const skeleton = el.shadowRoot!.querySelector('.skeleton')!
    expect(getComputedStyle(skeleton).animationName).toBe('pulse')
    await commands.emulateMedia({ reducedMotion: 'reduce' })
    try {
      expect(getComputedStyle(skeleton).animationName).toBe('none')
    } finally {
      await commands.emulateMedia({ reducedMotion: 'no-preference' })
    }
  })

  it('works inside another component’s shadow root', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`)
    const root = host.attachShadow({ mode: 'open' })
    const el = document.createElement('eftpay-button')
    el.signer = SIGNER
    el.clientSecret = SECRET
    const seen: string[] = []
    host.addEventListener('eftpay-ready', (e) => seen.push(e.type))
    root.append(el)
    await inState(el, 'idle')
    expect(walletCodes(el).length).toBe(5)
    // Composed: the event crossed the outer shadow boundary.
    await waitUntil(() => seen.length > 0, 'no eftpay-ready')
    expect(seen).toEqual(['eftpay-ready'])
  })
})

describe('keyboard', () => {
  it('reaches each choice with Tab and chooses with Enter and Space', async () => {
    const { el, events } = await mountReady()
    el.addEventListener('eftpay-redirect', (e) => e.preventDefault())
    await userEvent.tab()
    expect(el.shadowRoot!.activeElement).toBe(parts(el, 'wallet')[0])
    await userEvent.tab()
    expect(el.shadowRoot!.activeElement).toBe(parts(el, 'wallet')[1])
    await userEvent.keyboard(' ')
    await inState(el, 'redirecting')
    expect(events.find((e) => e.type === 'eftpay-select')!.detail.wallet).toBe('WECHATHK')
  })
})

describe('device routing', () => {
  it('reports WeChat’s in-app browser on an iPhone and shows what the signer answers', async () => {
    const ua =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47'
    const ownUa = Object.getOwnPropertyDescriptor(navigator, 'userAgent')
    Object.defineProperty(navigator, 'userAgent', { value: ua, configurable: true })
    Object.defineProperty(navigator, 'userAgentData', { value: undefined, configurable: true })
    try {
      fake.override('GET /v1/config', (req) => ({
        status: 200,
        body: {
          ...fake.config,
          wallets:
            req.query.get('in_app') === 'wechat' ? ['WECHATHK', 'PAYME'] : fake.config.wallets,
        },
      }))
      const { el } = await mountReady()
      const q = fake.seen('GET /v1/config')[0]!.query
      expect([q.get('os'), q.get('mobile'), q.get('in_app')]).toEqual(['ios', 'true', 'wechat'])
      expect(walletCodes(el)).toEqual(['WECHATHK', 'PAYME'])
      el.addEventListener('eftpay-redirect', (e) => e.preventDefault())
      await userEvent.click(part(el, 'wallet')!)
      await inState(el, 'redirecting')
      expect(fake.seen('POST /v1/sessions/cs_test1/payments')[0]!.body!.device).toEqual({
        os: 'ios',
        mobile: true,
        in_app: 'wechat',
      })
    } finally {
      delete (navigator as unknown as Record<string, unknown>).userAgent
      delete (navigator as unknown as Record<string, unknown>).userAgentData
      if (ownUa) Object.defineProperty(navigator, 'userAgent', ownUa)
    }
  })
})

describe('Apple Pay', () => {
  let uninstall: () => void
  beforeEach(() => {
    uninstall = FakeApplePaySession.install()
  })
  afterEach(() => uninstall())

  it('is shown only where ApplePaySession can pay and the signer enables it', async () => {
    const { el } = await mountReady()
    expect(part(el, 'apple-pay')!.textContent!.trim()).toBe('Pay with Apple Pay')
    // After the wallets, which do not wait for it.
    expect(el.shadowRoot!.querySelector('li:last-child > [part=apple-pay]')).toBe(
      part(el, 'apple-pay'),
    )
    await chaiExpect(el).to.be.accessible()
    fixtureCleanup()
    FakeApplePaySession.canPay = false
    const second = await mountReady()
    expect(part(second.el, 'apple-pay')).toBeNull()
    expect(second.events[0]!.detail.applePay).toBe(false)
    fixtureCleanup()
    FakeApplePaySession.canPay = true
    fake.config.apple_pay = { enabled: false }
    const third = await mountReady()
    expect(part(third.el, 'apple-pay')).toBeNull()
  })

  it('validates the merchant through the signer and pays with the token', async () => {
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'apple-pay')!)
    const sheet = FakeApplePaySession.last!
    expect(sheet.began).toBe(true)
    expect(sheet.version).toBe(3)
    expect(sheet.request).toEqual({
      countryCode: 'HK',
      currencyCode: 'HKD',
      total: { label: 'Demo Tea House', amount: '128.00' },
      supportedNetworks: ['visa', 'masterCard', 'amex'],
      merchantCapabilities: ['supports3DS'],
    })
    await waitUntil(() => sheet.merchantSession !== undefined)
    expect(fake.seen('POST /v1/sessions/cs_test1/apple-pay/validate')[0]!.body).toEqual({
      client_secret: SECRET,
      validation_url: 'https://apple-pay-gateway.apple.com/paymentservices/startSession',
    })
    expect(sheet.merchantSession).toEqual({
      merchantSessionIdentifier: 'ms_1',
      signature: 'sig',
      epochTimestamp: 1,
    })
    sheet.authorize({ version: 'EC_v1', data: 'abc' })
    await inState(el, 'succeeded')
    expect(sheet.completed).toBe(FakeApplePaySession.STATUS_SUCCESS)
    expect(fake.seen('POST /v1/sessions/cs_test1/apple-pay/payments')[0]!.body).toEqual({
      client_secret: SECRET,
      token: { version: 'EC_v1', data: 'abc' },
      device: { os: 'others', mobile: false, in_app: 'none' },
    })
    expect(types(events)).toEqual(['eftpay-ready', 'eftpay-select', 'eftpay-success'])
    expect(events[1]!.detail.wallet).toBe('APPLEPAY')
    expect(events[2]!.detail).toMatchObject({ wallet: 'APPLEPAY', paymentId: 'py_1' })
  })

  it('closes the sheet with failure when the signer declines the token', async () => {
    fake.override('POST /v1/sessions/cs_test1/apple-pay/payments', () => ({
      status: 201,
      body: fake.payment({ id: 'py_5', status: 'failed', wallet: 'APPLEPAY' }),
    }))
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'apple-pay')!)
    const sheet = FakeApplePaySession.last!
    await waitUntil(() => sheet.merchantSession !== undefined)
    sheet.authorize()
    await inState(el, 'failed')
    expect(sheet.completed).toBe(FakeApplePaySession.STATUS_FAILURE)
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-failure',
      detail: { paymentId: 'py_5', wallet: 'APPLEPAY', reason: 'failed' },
    })
  })

  it('closes the sheet without a failure when eftPay has not decided, and keeps checking', async () => {
    // A pending token payment may have charged the card: a failure would invite paying again.
    fake.override('POST /v1/sessions/cs_test1/apple-pay/payments', () => ({
      status: 201,
      body: fake.payment({ id: 'py_6', status: 'pending', wallet: 'APPLEPAY' }),
    }))
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'apple-pay')!)
    const sheet = FakeApplePaySession.last!
    await waitUntil(() => sheet.merchantSession !== undefined)
    sheet.authorize()
    await inState(el, 'checking')
    expect(sheet.completed).toBe(FakeApplePaySession.STATUS_SUCCESS)
    expect(types(events)).not.toContain('eftpay-failure')
  })

  it('reports the shopper closing the sheet as a cancel', async () => {
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'apple-pay')!)
    FakeApplePaySession.last!.cancel()
    await inState(el, 'cancelled')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-cancel',
      detail: { wallet: 'APPLEPAY', source: 'apple-pay' },
    })
    expect(part(el, 'apple-pay')).not.toBeNull()
  })

  it('aborts the sheet when the signer refuses merchant validation', async () => {
    fake.override('POST /v1/sessions/cs_test1/apple-pay/validate', () =>
      apiError(403, 'validation_url_not_allowed', false, 'validation_url'),
    )
    const { el, events } = await mountReady()
    await userEvent.click(part(el, 'apple-pay')!)
    await inState(el, 'error')
    expect(FakeApplePaySession.last!.aborted).toBe(true)
    expect(events.at(-1)!.detail).toMatchObject({
      code: 'validation_url_not_allowed',
      retryable: false,
    })
  })
})

describe('staying usable (review fixes)', () => {
  /** Shows a WeChat Pay QR code and returns the element and the container it sits in. */
  async function showQrIn() {
    fake.nextAction.WECHATHK = 'qr_code'
    const r = await mountReady()
    await userEvent.click(r.el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=WECHATHK]')!)
    await inState(r.el, 'awaiting-scan')
    return { ...r, host: r.el.parentElement! }
  }
  const polls = (): number => fake.seen('GET /v1/sessions/cs_test1').length

  it('picks the QR code wait back up when the page moves it (leaving stopped the polling)', async () => {
    const { el, events, host } = await showQrIn()
    const other = host.appendChild(document.createElement('section'))
    other.append(el) // a disconnect and a connect, as frameworks do when they reorder a page
    const before = polls()
    await waitUntil(() => polls() >= before + 2, 'never polled again after the move')
    fake.setPaymentStatus('py_1', 'succeeded')
    await inState(el, 'succeeded')
    expect(events.at(-1)!.type).toBe('eftpay-success')
  })

  it('starts no polling while off the page, and starts it once back', async () => {
    fake.nextAction.WECHATHK = 'qr_code'
    const hold = deferred<FakeAnswer>()
    fake.override('POST /v1/sessions/cs_test1/payments', () => hold.promise)
    const { el } = await mountReady()
    const host = el.parentElement!
    await userEvent.click(el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=WECHATHK]')!)
    await inState(el, 'pending')
    el.remove()
    hold.resolve({
      status: 201,
      body: fake.payment({
        id: 'py_1',
        wallet: 'WECHATHK',
        next_action: { type: 'qr_code', url: 'https://qr.test/WECHATHK/py_1' },
      }),
    })
    await inState(el, 'awaiting-scan')
    const before = polls()
    // Ten poll intervals (20 ms): a detached element must not ask the signer meanwhile.
    await new Promise((r) => setTimeout(r, 200))
    expect(polls()).toBe(before)
    host.append(el)
    await waitUntil(() => polls() > before, 'never polled once back on the page')
  })

  it('loads again when the browser restores the page from its back-forward cache after a redirect', async () => {
    const { el } = await mountReady()
    await userEvent.click(el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=OCT]')!)
    await inState(el, 'redirecting')
    // The shopper pressed Back on the wallet's page: the frozen page comes back as it was left.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
    await inState(el, 'idle')
    expect(fake.seen('GET /v1/config')).toHaveLength(2)
    expect(part(el, 'wallet')!.getAttribute('aria-disabled')).toBe('false')
  })

  it('keeps focus in the widget, on the status line, when the QR code view it was in ends', async () => {
    const { el } = await showQrIn()
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'back'))
    fake.setPaymentStatus('py_1', 'succeeded')
    await inState(el, 'succeeded')
    const status = part(el, 'status')!
    await waitUntil(() => el.shadowRoot!.activeElement === status, 'focus was lost to the page')
    expect(status.getAttribute('tabindex')).toBe('-1')
    await chaiExpect(el).to.be.accessible()
  })

  it('keeps every wallet mark its full size when a long name wraps in a narrow grid', async () => {
    const { el } = await mountReady(
      html`<div style="width: 320px"><eftpay-button signer=${SIGNER} client-secret=${SECRET} layout="grid" lang="en"></eftpay-button></div>`,
    )
    // Two columns of about 9.5rem: "WeChat Pay HK" and "Visa / Mastercard" wrap (the phone screenshot).
    expect(getComputedStyle(part(el, 'wallet-list')!).gridTemplateColumns.split(' ')).toHaveLength(
      2,
    )
    const widths = parts(el, 'wallet__icon').map((i) => Math.round(i.getBoundingClientRect().width))
    expect(new Set(widths)).toEqual(new Set([24]))
  })
})

describe('registration', () => {
  it('is defined once and warns instead of throwing when defined again', async () => {
    expect(customElements.get('eftpay-button')).toBeDefined()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      // A second copy of the module (e.g. the script-tag file next to the npm build).
      await import(/* @vite-ignore */ `./eftpay-button.js?copy=${Date.now()}`)
      expect(warn).toHaveBeenCalledOnce()
      expect(String(warn.mock.calls[0]![0])).toContain('already defined')
    } finally {
      warn.mockRestore()
    }
  })
})
