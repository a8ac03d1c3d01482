import { html, LitElement } from 'lit'
import { api, type Me } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'
import { type Problem, problemOf, when } from './form-problem.js'

interface Check {
  ok: boolean
  at: string
  lines: { id: string; status: string; message: string }[]
}

interface Settings {
  mode: string
  wallets: string[]
  public_url: string
  webhook_endpoint: string | null
  last_check: Check | null
}

/**
 * Settings, read-only (they come from the environment), and the last check with a button for
 * owners that runs the checks placing no gateway order (signer/src/console/settings-check.ts).
 */
export class ConsoleSettings extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    me: { attribute: false },
    settings: { state: true },
    busy: { state: true },
    problem: { state: true },
  }
  declare t: Translation
  declare me: Me
  declare settings: Settings | undefined
  declare busy: boolean
  declare problem: Problem | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load() {
    this.settings = await api<Settings>('GET', '/settings')
  }

  private async run() {
    this.busy = true
    this.problem = undefined
    try {
      await api<Check>('POST', '/settings/check')
      await this.load()
    } catch (error) {
      this.problem = problemOf(error, this.t.error)
    } finally {
      this.busy = false
    }
  }

  override render() {
    const t = this.t
    const s = this.settings
    if (!s) return html`<p role="status">${t.loading}</p>`
    const check = s.last_check
    return html`
      <p class="muted">${t.settingsReadOnly}</p>
      <dl class="facts">
        <dt>${t.mode}</dt><dd id="mode">${s.mode}</dd>
        <dt>${t.wallets}</dt><dd>${s.wallets.join(', ') || t.none}</dd>
        <dt>${t.publicUrl}</dt><dd><code>${s.public_url}</code></dd>
        <dt>${t.webhookEndpoint}</dt><dd><code>${s.webhook_endpoint ?? t.none}</code></dd>
      </dl>
      <h2>${t.lastCheck}</h2>
      <div role="status" aria-live="polite" id="check">
        ${
          !check
            ? html`<p>${t.noCheck}</p>`
            : html`<p><strong>${check.ok ? t.checkOk : t.checkFailed}</strong> (${when(check.at)})</p>
              <ul>${check.lines.map((l) => html`<li><code>${l.status}</code> ${l.id}: ${l.message}</li>`)}</ul>`
        }
      </div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem.message}</p>` : ''}
      ${
        this.me.user.role === 'owner'
          ? html`<p><button type="button" ?disabled=${this.busy} @click=${this.run}>${t.runChecks}</button></p>`
          : ''
      }
      <p class="muted">${t.checksCli}</p>
    `
  }
}
customElements.define('console-settings', ConsoleSettings)
