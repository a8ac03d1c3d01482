import { fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing'
import { render } from 'lit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FakeApplePaySession } from '../internal/test/fake-apple-pay.js'
import { FakeSigner, SECRET, SIGNER } from '../internal/test/fake-signer.js'
import type { EftpayButton } from './eftpay-button.js'
import './eftpay-button.js'

/**
 * The `wallets` attribute only narrows what the signer enables (docs/api.md "GET /v1/config"):
 * a wallet the page names but the signer leaves out is not shown, since the signer would refuse
 * to start it. The narrowing itself is tested in eftpay-button.test.ts; this is the other side.
 */

let fake: FakeSigner
beforeEach(() => {
  fake = new FakeSigner().install()
  sessionStorage.clear()
})
afterEach(() => {
  fixtureCleanup()
  fake.restore()
})

/** Mounts a widget with `wallets` set and waits for `eftpay-ready`; returns its detail too. */
async function mountWith(wallets: string) {
  const host = await fixture<HTMLDivElement>(html`<div></div>`)
  let ready: { wallets: string[]; applePay: boolean } | undefined
  host.addEventListener('eftpay-ready', (e) => {
    ready = (e as CustomEvent).detail
  })
  render(
    html`<eftpay-button signer=${SIGNER} client-secret=${SECRET} wallets=${wallets}></eftpay-button>`,
    host,
  )
  const el = host.querySelector<EftpayButton>('eftpay-button')!
  await waitUntil(() => ready !== undefined, 'no eftpay-ready', { timeout: 10_000 })
  const shown = [...el.shadowRoot!.querySelectorAll<HTMLElement>("[part~='wallet']")].map(
    (b) => b.dataset.wallet,
  )
  const applePay = el.shadowRoot!.querySelector("[part~='apple-pay']")
  return { shown, ready: ready!, applePay }
}

describe('a wallet the wallets attribute names but the signer does not enable', () => {
  it('is not shown, and the ready event does not offer it', async () => {
    // The signer enables ALIPAYHK, WECHATHK, PAYME, OCT and MPGS: not WECHATCN, not AE.
    expect(fake.config.wallets).not.toContain('WECHATCN')
    const { shown, ready } = await mountWith('WECHATCN OCT AE')
    expect(shown).toEqual(['OCT'])
    expect(ready.wallets).toEqual(['OCT'])
    expect(fake.seen('POST /v1/sessions/cs_test1/payments')).toEqual([])
  })

  it('leaves nothing to choose when the page names only wallets the signer leaves out', async () => {
    const { shown, ready } = await mountWith('WECHATCN, AE')
    expect(shown).toEqual([])
    expect(ready.wallets).toEqual([])
  })

  it('Apple Pay named in the attribute is not offered while the signer disables it', async () => {
    const uninstall = FakeApplePaySession.install()
    try {
      fake.config.apple_pay = { enabled: false }
      const off = await mountWith('APPLEPAY OCT')
      expect(off.applePay).toBeNull()
      expect(off.ready.applePay).toBe(false)
      expect(off.shown).toEqual(['OCT'])
    } finally {
      uninstall()
    }
  })
})
