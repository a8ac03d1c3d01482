// An app that installed @eftpay/button from the registry: the element, its typed events and the
// manifest, imported the way the package documents.
import { EftpayButton, type EftpayReadyEvent, EftpaySuccessEvent } from '@eftpay/button'
import manifest from '@eftpay/button/custom-elements.json'

const button: EftpayButton = document.createElement('eftpay-button')
button.signer = import.meta.env.VITE_SIGNER_URL
button.sku = 'milk-tea'
button.quantity = 2
const log = document.querySelector<HTMLParagraphElement>('#events')
button.addEventListener('eftpay-ready', (event: EftpayReadyEvent) => {
  if (log) log.textContent += `ready:${event.type} `
})
button.addEventListener('eftpay-success', (event) => {
  if (log && event instanceof EftpaySuccessEvent) log.textContent += 'success '
})
document.querySelector('#checkout')?.append(button)
const tags: string[] = manifest.modules.flatMap((m) => m.exports.map((e) => e.name))
console.log(`manifest exports: ${tags.join(',')}; element class ${EftpayButton.name}`)

declare global {
  interface HTMLElementEventMap {
    'eftpay-ready': EftpayReadyEvent
  }
}
