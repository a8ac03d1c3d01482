import { startRegistration } from '@simplewebauthn/browser'
import { html, LitElement } from 'lit'
import { ApiError, api } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'

/**
 * Enrolment from an invite link (`/enrol#<token>`): the token stays in the fragment, so it never
 * reaches a server log. Creates a passkey and fires `signed-in`.
 */
export class ConsoleEnrol extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    invite: { state: true },
    problem: { state: true },
    busy: { state: true },
  }
  declare t: Translation
  declare invite: { name: string; role: 'owner' | 'staff' } | undefined
  declare problem: string
  declare busy: boolean
  private readonly token = location.hash.slice(1)
  private ceremony: { ceremony: string; options: never } | undefined

  constructor() {
    super()
    this.problem = ''
    this.busy = false
  }

  override connectedCallback(): void {
    super.connectedCallback()
    if (!this.token) {
      this.problem = this.t.enrolNoInvite
      return
    }
    api<{ ceremony: string; options: never; name: string; role: 'owner' | 'staff' }>(
      'POST',
      '/enrol/options',
      { invite: this.token },
    ).then(
      (answer) => {
        this.ceremony = answer
        this.invite = { name: answer.name, role: answer.role }
      },
      (error: unknown) => {
        this.problem = error instanceof ApiError ? error.message : this.t.error
      },
    )
  }

  private async enrol() {
    if (!this.ceremony) return
    this.busy = true
    this.problem = ''
    try {
      const response = await startRegistration({ optionsJSON: this.ceremony.options })
      await api('POST', '/enrol/verify', {
        invite: this.token,
        ceremony: this.ceremony.ceremony,
        response,
      })
      history.replaceState(null, '', '/')
      this.dispatchEvent(new Event('signed-in', { bubbles: true, composed: true }))
    } catch (error) {
      this.problem = error instanceof ApiError ? error.message : this.t.error
    } finally {
      this.busy = false
    }
  }

  override render() {
    const t = this.t
    const role = this.invite?.role === 'owner' ? t.roleOwner : t.roleStaff
    return html`
      <h1>${t.enrolTitle}</h1>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : ''}
      ${
        this.invite
          ? html`<p>${t.enrolIntro(this.invite.name, role)}</p>
              <button type="button" ?disabled=${this.busy} @click=${this.enrol}>${t.enrolButton}</button>`
          : this.problem
            ? ''
            : html`<p role="status">${t.loading}</p>`
      }
    `
  }
}
customElements.define('console-enrol', ConsoleEnrol)
