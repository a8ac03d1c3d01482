import { fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing'
import { render } from 'lit'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EftpayButton } from '../eftpay-button/eftpay-button.js'
import { FakeApplePaySession } from '../internal/test/fake-apple-pay.js'
import { FakePaymentRequest } from '../internal/test/fake-payment-request.js'
import { FakeSigner, SECRET, SIGNER } from '../internal/test/fake-signer.js'
import type { SignerConfigJson } from '../internal/test/signer-contract.js'
import '../eftpay-button/eftpay-button.js'

/**
 * The widget offers only the wallets that take the session's currency, as `GET /v1/config` lists
 * them (docs/api.md "GET /v1/config"): eftPay's Apple Pay and Google Pay take HKD only, so a CNY
 * session shows neither, nor Octopus or PayMe.
 */

let fake: FakeSigner
const uninstall: Array<() => void> = []

/** The signer's table (docs/protocol.md "Currencies per wallet"), for the fake's wallets. */
const WALLET_CURRENCIES: SignerConfigJson['wallet_currencies'] = {
  ALIPAYHK: ['HKD', 'CNY'],
  WECHATHK: ['HKD', 'CNY'],
  PAYME: ['HKD'],
  OCT: ['HKD'],
  MPGS: ['HKD', 'CNY'],
  APPLEPAY: ['HKD'],
  GOOGLEPAY: ['HKD'],
}

beforeEach(() => {
  fake = new FakeSigner().install()
  uninstall.push(FakeApplePaySession.install(), FakePaymentRequest.install())
  vi.spyOn(console, 'error').mockImplementation(() => {})
  fake.config.wallet_currencies = WALLET_CURRENCIES
})

afterEach(() => {
  fixtureCleanup()
  for (const u of uninstall.splice(0)) u()
  vi.restoreAllMocks()
  fake.restore()
})

async function mountReady() {
  const host = await fixture<HTMLDivElement>(html`<div></div>`)
  const ready: Array<Record<string, unknown>> = []
  host.addEventListener('eftpay-ready', (e) => ready.push((e as CustomEvent).detail))
  render(html`<eftpay-button signer=${SIGNER} client-secret=${SECRET}></eftpay-button>`, host)
  const el = host.querySelector('eftpay-button') as EftpayButton
  await waitUntil(() => ready.length > 0, 'no eftpay-ready', { timeout: 10_000 })
  const shadow = el.shadowRoot!
  return {
    wallets: [...shadow.querySelectorAll<HTMLElement>("[part~='wallet']")].map(
      (b) => b.dataset.wallet,
    ),
    applePay: shadow.querySelector("[part~='apple-pay']") !== null,
    googlePay: shadow.querySelector("[part~='google-pay']") !== null,
    ready: ready[0]!,
  }
}

describe('wallets by the session’s currency', () => {
  it('offers a CNY session only the wallets that take CNY: no Apple Pay, Google Pay, Octopus or PayMe', async () => {
    fake.session.currency = 'CNY'
    const shown = await mountReady()
    expect(shown.wallets).toEqual(['ALIPAYHK', 'WECHATHK', 'MPGS'])
    expect(shown.applePay).toBe(false)
    expect(shown.googlePay).toBe(false)
    expect(shown.ready).toMatchObject({
      wallets: ['ALIPAYHK', 'WECHATHK', 'MPGS'],
      applePay: false,
      googlePay: false,
    })
  })

  it('offers an HKD session every wallet, Apple Pay and Google Pay included', async () => {
    const shown = await mountReady()
    expect(shown.wallets).toEqual(['ALIPAYHK', 'WECHATHK', 'PAYME', 'OCT', 'MPGS'])
    expect(shown.applePay).toBe(true)
    expect(shown.googlePay).toBe(true)
  })

  it('offers every wallet when the config lists no currencies (a signer from before the list)', async () => {
    delete fake.config.wallet_currencies
    fake.session.currency = 'CNY'
    const shown = await mountReady()
    expect(shown.wallets).toEqual(['ALIPAYHK', 'WECHATHK', 'PAYME', 'OCT', 'MPGS'])
    expect(shown.applePay).toBe(true)
  })
})
