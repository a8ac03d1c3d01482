import { startAuthentication } from '@simplewebauthn/browser'
import { html, LitElement } from 'lit'
import { ApiError, api } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'

/**
 * Sign-in with a passkey; in sandbox mode also the demo owner's button. Fires `signed-in` when a
 * session has started.
 */
export class ConsoleSignIn extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    sandbox: { type: Boolean },
    problem: { state: true },
    busy: { state: true },
  }
  declare t: Translation
  declare sandbox: boolean
  declare problem: string
  declare busy: boolean

  constructor() {
    super()
    this.sandbox = false
    this.problem = ''
    this.busy = false
  }

  private async attempt(action: () => Promise<unknown>) {
    this.busy = true
    this.problem = ''
    try {
      await action()
      this.dispatchEvent(new Event('signed-in', { bubbles: true, composed: true }))
    } catch (error) {
      this.problem =
        error instanceof ApiError && error.status === 429 ? error.message : this.t.signInFailed
    } finally {
      this.busy = false
    }
  }

  private signIn() {
    return this.attempt(async () => {
      const { ceremony, options } = await api<{ ceremony: string; options: never }>(
        'POST',
        '/login/options',
      )
      const response = await startAuthentication({ optionsJSON: options })
      await api('POST', '/login/verify', { ceremony, response })
    })
  }

  private demo() {
    return this.attempt(() => api('POST', '/demo/sign-in'))
  }

  override render() {
    const t = this.t
    return html`
      <h1>${t.signInTitle}</h1>
      <p>${t.signInIntro}</p>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : ''}
      <p><button type="button" ?disabled=${this.busy} @click=${this.signIn}>${t.signInButton}</button></p>
      ${
        this.sandbox
          ? html`<p><button class="secondary" type="button" id="demo-sign-in" ?disabled=${this.busy} @click=${this.demo}>${t.demoButton}</button></p>`
          : ''
      }
    `
  }
}
customElements.define('console-sign-in', ConsoleSignIn)
