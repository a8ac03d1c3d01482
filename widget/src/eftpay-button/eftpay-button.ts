import { EftpayButton } from './eftpay-button.component.js'

export { EftpayButton }
export default EftpayButton

/**
 * Registers `<eftpay-button>`. Safe to import anywhere: on a server without a custom element
 * registry it does nothing, and when the tag is already defined (the script-tag file and the npm
 * build on one page, or two versions) it warns instead of throwing.
 */
const registry = (globalThis as { customElements?: CustomElementRegistry }).customElements
if (registry?.get('eftpay-button')) {
  console.warn('<eftpay-button> already defined: this copy not registered')
} else {
  registry?.define('eftpay-button', EftpayButton)
}

declare global {
  interface HTMLElementTagNameMap {
    'eftpay-button': EftpayButton
  }
}
