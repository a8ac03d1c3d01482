import { createElement } from 'react'
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { afterEach, describe, expect, it } from 'vitest'
import type { EftpayReadyEvent } from './events/eftpay-ready.js'
import { FakeSigner, SECRET, SIGNER } from './internal/test/fake-signer.js'
import { EftpayButton } from './react.js'

let fake: FakeSigner | undefined
let container: HTMLElement | undefined
afterEach(() => {
  fake?.restore()
  container?.remove()
})

describe('React wrapper', () => {
  it('renders <eftpay-button> with its properties and maps eftpay-ready to onEftpayReady', async () => {
    fake = new FakeSigner().install()
    container = document.body.appendChild(document.createElement('div'))
    const root = createRoot(container)
    const ready: EftpayReadyEvent[] = []
    flushSync(() => {
      root.render(
        createElement(EftpayButton, {
          signer: SIGNER,
          clientSecret: SECRET,
          onEftpayReady: (e: EftpayReadyEvent) => ready.push(e),
        }),
      )
    })
    const el = container.querySelector('eftpay-button')!
    expect(el.clientSecret).toBe(SECRET)
    await expect.poll(() => ready.length).toBe(1)
    expect(ready[0]!.detail.sessionId).toBe('cs_test1')
    root.unmount()
  })
})
