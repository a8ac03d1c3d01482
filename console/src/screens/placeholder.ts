import { html, LitElement } from 'lit'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'

/** A section of the navigation not built yet (screens.ts). */
export class ConsolePlaceholder extends LitElement {
  static override styles = screenStyles
  static override properties = { t: { attribute: false } }
  declare t: Translation

  override render() {
    return html`<p class="muted">${this.t.comingSoon}</p>`
  }
}
customElements.define('console-placeholder', ConsolePlaceholder)
