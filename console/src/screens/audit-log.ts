import { html, LitElement } from 'lit'
import { api } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'

interface Entry {
  id: string
  at: string
  user_name: string | null
  action: string
  detail: Record<string, unknown>
  ip: string | null
}

/** The audit log (owners only), newest first, with its CSV export. */
export class ConsoleAuditLog extends LitElement {
  static override styles = screenStyles
  static override properties = { t: { attribute: false }, entries: { state: true } }
  declare t: Translation
  declare entries: Entry[] | undefined

  override connectedCallback(): void {
    super.connectedCallback()
    void api<{ data: Entry[] }>('GET', '/audit?limit=200').then((a) => {
      this.entries = a.data
    })
  }

  override render() {
    const t = this.t
    if (!this.entries) return html`<p role="status">${t.loading}</p>`
    return html`
      <p><a href="/console/api/audit/export.csv" download>${t.auditExport}</a></p>
      ${
        this.entries.length === 0
          ? html`<p>${t.empty}</p>`
          : html`<div class="scroll" tabindex="0" role="region" aria-label=${t.auditTitle}><table>
              <caption class="muted">${t.auditTitle}</caption>
              <thead><tr><th scope="col">${t.when}</th><th scope="col">${t.who}</th><th scope="col">${t.what}</th><th scope="col">${t.where}</th><th scope="col">${t.detail}</th></tr></thead>
              <tbody>
                ${this.entries.map(
                  (e) => html`<tr>
                    <td><time datetime=${e.at}>${new Date(e.at).toLocaleString(document.documentElement.lang)}</time></td>
                    <td>${e.user_name ?? '—'}</td>
                    <td><code>${e.action}</code></td>
                    <td>${e.ip ?? '—'}</td>
                    <td><code>${JSON.stringify(e.detail)}</code></td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`
      }
    `
  }
}
customElements.define('console-audit-log', ConsoleAuditLog)
