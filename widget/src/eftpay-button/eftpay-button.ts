import { pickLang, warmMoneyFormat } from '../internal/locale.js'
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
  console.warn('<eftpay-button> is already defined; this copy was not registered.')
} else {
  registry?.define('eftpay-button', EftpayButton)
}

// The page's first `Intl.NumberFormat` costs 10–25 ms (ICU data): build the page's language's
// money formatter now, in idle time, rather than on the way to the first wallets. Not on a server
// (Lit's server build defines `customElements`, not `document`).
if (globalThis.document) {
  const whenIdle = globalThis.requestIdleCallback ?? setTimeout
  whenIdle(() => warmMoneyFormat(pickLang([document.documentElement.lang, ...navigator.languages])))
}

declare global {
  interface HTMLElementTagNameMap {
    'eftpay-button': EftpayButton
  }
}
