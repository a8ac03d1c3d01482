import { expect as chaiExpect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing'
import { render } from 'lit'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { userEvent } from 'vitest/browser'
import { FakePaymentRequest } from '../internal/test/fake-payment-request.js'
import { apiError, deferred, FakeSigner, SECRET, SIGNER } from '../internal/test/fake-signer.js'
import type { EftpayButton } from './eftpay-button.js'
import './eftpay-button.js'

const EVENTS = ['ready', 'select', 'success', 'failure', 'cancel', 'error'].map(
  (n) => `eftpay-${n}`,
)

let fake: FakeSigner
let uninstall: () => void

beforeEach(() => {
  fake = new FakeSigner().install()
  uninstall = FakePaymentRequest.install()
  vi.spyOn(console, 'error').mockImplementation(() => {})
})

afterEach(() => {
  fixtureCleanup()
  uninstall()
  vi.restoreAllMocks()
  fake.restore() // last: it throws when an answer of the fake was one the signer could not send
})

const gpay = (el: EftpayButton): HTMLButtonElement | null =>
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part=google-pay]')
const inState = (el: EftpayButton, state: string): Promise<void> =>
  waitUntil(() => el.matches(`:state(${state})`), `never reached ${state}`, { timeout: 10_000 })
/** The button's name as assistive tech reads it: its words, with the mark read as its label. */
const accessibleName = (b: HTMLElement): string =>
  [...b.childNodes]
    .filter((n) => n.nodeType !== Node.COMMENT_NODE)
    .map((n) => (n instanceof SVGElement ? n.getAttribute('aria-label') : n.textContent))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
/** Whether the browser fetched the Google Pay chunk (this file runs in its own frame). */
const chunkFetched = (): boolean =>
  performance.getEntriesByType('resource').some((e) => /google-pay\.ts/.test(e.name))

async function mountReady(lang = 'en') {
  const host = await fixture<HTMLDivElement>(html`<div></div>`)
  const events: Array<{ type: string; detail: Record<string, unknown> }> = []
  for (const type of EVENTS)
    host.addEventListener(type, (event) =>
      events.push({ type, detail: (event as CustomEvent).detail }),
    )
  render(
    html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} lang=${lang} poll-interval="20"></eftpay-button>`,
    host,
  )
  const el = host.querySelector('eftpay-button')!
  await inState(el, 'idle')
  // The Google Pay button comes after the wallets, when the browser has answered; then the page
  // is told `eftpay-ready`.
  await waitUntil(() => events.some((e) => e.type === 'eftpay-ready'), 'no eftpay-ready')
  return { el, events }
}

/** Clicks the Google Pay button (a real click: `show()` needs the gesture) and returns the sheet. */
async function openSheet(el: EftpayButton): Promise<FakePaymentRequest> {
  await userEvent.click(gpay(el)!)
  await waitUntil(() => FakePaymentRequest.last?.shown, 'the sheet never opened')
  return FakePaymentRequest.last!
}

// First in this file, before anything imported the chunk: where the Payment Request API is absent
// (or Google Pay is disabled), the chunk is never fetched; where both hold, it is.
describe('loading the Google Pay chunk', () => {
  it('is skipped without PaymentRequest or when the signer disables Google Pay', async () => {
    delete (globalThis as { PaymentRequest?: unknown }).PaymentRequest
    const first = await mountReady()
    expect(gpay(first.el)).toBeNull()
    expect(first.events[0]!.detail.googlePay).toBe(false)
    fixtureCleanup()
    FakePaymentRequest.install()
    fake.config.google_pay = { enabled: false, gateway: 'mpgs' }
    const second = await mountReady()
    expect(gpay(second.el)).toBeNull()
    expect(chunkFetched()).toBe(false)
    expect(FakePaymentRequest.created).toBe(0)
    fixtureCleanup()
    fake.config.google_pay!.enabled = true
    const third = await mountReady()
    expect(gpay(third.el)).not.toBeNull()
    expect(chunkFetched()).toBe(true)
  })
})

describe('Google Pay', () => {
  it('is shown only where Google Pay can pay, and the signer enables it', async () => {
    const { el, events } = await mountReady()
    const button = gpay(el)!
    expect(accessibleName(button)).toBe('Buy with Google Pay')
    expect(button.querySelector('svg path')).not.toBeNull()
    expect(events[0]!.detail.googlePay).toBe(true)
    await chaiExpect(el).to.be.accessible()
    fixtureCleanup()
    FakePaymentRequest.canPay = false
    const second = await mountReady()
    expect(gpay(second.el)).toBeNull()
    expect(second.events[0]!.detail.googlePay).toBe(false)
  })

  it('shows the wallets without waiting for the browser, and adds Google Pay after them', async () => {
    const answer = deferred<boolean>()
    vi.spyOn(FakePaymentRequest.prototype, 'canMakePayment').mockReturnValue(answer.promise)
    const host = await fixture<HTMLDivElement>(html`<div></div>`)
    const events: string[] = []
    for (const type of EVENTS) host.addEventListener(type, () => events.push(type))
    render(html`<eftpay-button signer=${SIGNER} client-secret=${SECRET}></eftpay-button>`, host)
    const el = host.querySelector('eftpay-button')!
    await inState(el, 'idle')
    const wallets = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part=wallet]')]
    expect(wallets.map((b) => b.dataset.wallet)).toEqual(fake.config.wallets)
    expect(wallets[0]!.getAttribute('aria-disabled')).toBe('false')
    expect(gpay(el)).toBeNull()
    const firstWalletTop = wallets[0]!.getBoundingClientRect().top
    answer.resolve(true)
    await waitUntil(() => gpay(el), 'no Google Pay button')
    // Below the wallets: none of them moved.
    expect(el.shadowRoot!.querySelector('li:last-child [part=google-pay]')).toBe(gpay(el))
    expect(wallets[0]!.getBoundingClientRect().top).toBe(firstWalletTop)
    await waitUntil(() => events.includes('eftpay-ready'), 'no eftpay-ready')
    expect(events).toEqual(['eftpay-ready'])
  })

  it('tells the page eftpay-ready before a choice made while the browser has not answered', async () => {
    const answer = deferred<boolean>()
    vi.spyOn(FakePaymentRequest.prototype, 'canMakePayment').mockReturnValue(answer.promise)
    const host = await fixture<HTMLDivElement>(html`<div></div>`)
    const events: Array<{ type: string; detail: Record<string, unknown> }> = []
    for (const type of EVENTS)
      host.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }))
    host.addEventListener('eftpay-redirect', (e) => e.preventDefault())
    render(html`<eftpay-button signer=${SIGNER} client-secret=${SECRET}></eftpay-button>`, host)
    const el = host.querySelector('eftpay-button')!
    await inState(el, 'idle')
    await userEvent.click(el.shadowRoot!.querySelector<HTMLElement>('[data-wallet=PAYME]')!)
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['eftpay-ready', 'eftpay-select'])
    expect(events[0]!.detail.googlePay).toBe(false)
    answer.resolve(true)
    await waitUntil(() => gpay(el), 'no Google Pay button')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(events.filter((e) => e.type === 'eftpay-ready')).toHaveLength(1)
  })

  it('is hidden when the wallets attribute leaves it out', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`)
    render(
      html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} wallets="OCT APPLEPAY"></eftpay-button>`,
      host,
    )
    const el = host.querySelector('eftpay-button')!
    await inState(el, 'idle')
    expect(gpay(el)).toBeNull()
  })

  it('says "Buy with Google Pay" in each language', async () => {
    const names = []
    for (const lang of ['en', 'zh-HK', 'zh-CN']) {
      const { el } = await mountReady(lang)
      names.push(accessibleName(gpay(el)!))
      fixtureCleanup()
    }
    expect(names).toEqual(['Buy with Google Pay', '使用 Google Pay 購買', '使用 Google Pay 购买'])
  })

  it('asks for an MPGS gateway token with the config’s settings and the session’s amount', async () => {
    const { el, events } = await mountReady()
    const sheet = await openSheet(el)
    expect(sheet.methodData[0]!.supportedMethods).toBe('https://google.com/pay')
    expect(sheet.details.total).toEqual({
      label: 'Demo Tea House',
      amount: { currency: 'HKD', value: '128.00' },
    })
    expect(sheet.data).toEqual({
      environment: 'TEST',
      apiVersion: 2,
      apiVersionMinor: 0,
      merchantInfo: { merchantId: 'BCR2DN4T000TEST', merchantName: 'Demo Tea House' },
      allowedPaymentMethods: [
        {
          type: 'CARD',
          parameters: {
            allowedAuthMethods: ['PAN_ONLY', 'CRYPTOGRAM_3DS'],
            allowedCardNetworks: ['VISA', 'MASTERCARD'],
          },
          tokenizationSpecification: {
            type: 'PAYMENT_GATEWAY',
            parameters: { gateway: 'mpgs', gatewayMerchantId: 'TESTEFTPAY01' },
          },
        },
      ],
    })
    expect(events.at(-1)).toMatchObject({ type: 'eftpay-select', detail: { wallet: 'GOOGLEPAY' } })
    expect(el.matches(':state(pending)')).toBe(true)
    sheet.authorize('{"signature":"ok"}')
    await inState(el, 'succeeded')
    expect(sheet.completed).toBe('success')
    expect(fake.seen('POST /v1/sessions/cs_test1/google-pay/payments')[0]!.body).toEqual({
      client_secret: SECRET,
      token: '{"signature":"ok"}',
    })
    expect(events.map((e) => e.type)).toEqual(['eftpay-ready', 'eftpay-select', 'eftpay-success'])
    expect(events[2]!.detail).toMatchObject({ wallet: 'GOOGLEPAY', paymentId: 'py_1' })
  })

  it('closes the sheet with fail when the signer declines', async () => {
    const { el, events } = await mountReady()
    ;(await openSheet(el)).authorize('DECLINE')
    await inState(el, 'failed')
    expect(FakePaymentRequest.last!.completed).toBe('fail')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-failure',
      detail: { wallet: 'GOOGLEPAY', paymentId: 'py_1', reason: 'failed' },
    })
  })

  it('keeps checking a pending payment until the signer says it succeeded', async () => {
    const { el, events } = await mountReady()
    ;(await openSheet(el)).authorize('PROCESSING')
    await inState(el, 'checking')
    expect(FakePaymentRequest.last!.completed).toBe('unknown')
    await waitUntil(() => fake.seen('GET /v1/sessions/cs_test1').length > 1)
    fake.setPaymentStatus('py_1', 'succeeded')
    await inState(el, 'succeeded')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-success',
      detail: { wallet: 'GOOGLEPAY', paymentId: 'py_1' },
    })
  })

  it('reports the shopper closing the sheet as a cancel, and offers Google Pay again', async () => {
    const { el, events } = await mountReady()
    ;(await openSheet(el)).cancel()
    await inState(el, 'cancelled')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-cancel',
      detail: { wallet: 'GOOGLEPAY', source: 'google-pay', sessionId: 'cs_test1' },
    })
    expect(fake.seen('POST /v1/sessions/cs_test1/google-pay/payments')).toEqual([])
    expect(gpay(el)!.getAttribute('aria-disabled')).toBe('false')
    expect(el.shadowRoot!.activeElement).toBe(gpay(el))
  })

  it('reports a signer error as eftpay-error and closes the sheet with fail', async () => {
    fake.override('POST /v1/sessions/cs_test1/google-pay/payments', () =>
      apiError(409, 'payment_in_progress', true),
    )
    const { el, events } = await mountReady()
    ;(await openSheet(el)).authorize()
    await inState(el, 'error')
    expect(FakePaymentRequest.last!.completed).toBe('fail')
    expect(events.at(-1)).toMatchObject({
      type: 'eftpay-error',
      detail: { code: 'payment_in_progress', retryable: true, status: 409 },
    })
  })

  it('ignores a second click while the sheet is open', async () => {
    const { el, events } = await mountReady()
    const sheet = await openSheet(el)
    expect(gpay(el)!.getAttribute('aria-disabled')).toBe('true')
    // Playwright will not click an aria-disabled button; a script (or assistive tech) still can.
    gpay(el)!.click()
    expect(FakePaymentRequest.last).toBe(sheet)
    expect(events.filter((e) => e.type === 'eftpay-select')).toHaveLength(1)
  })
})
