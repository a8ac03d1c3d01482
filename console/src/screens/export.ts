import { html, LitElement } from 'lit'
import { api } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'
import { describedBy, fieldError, formError, type Problem, problemOf } from './form-problem.js'

interface Line {
  date?: string
  currency: string
  wallet?: string
  gross: string
  refunds: string
  net: string
}

interface Summary {
  days: Line[]
  totals: Line[]
}

/** Today as a Hong Kong date (reports count Hong Kong days; docs/api.md). */
const hkToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/**
 * Export and summary: the CSV of a range of Hong Kong days (streamed by the server) and the
 * daily summary by wallet, both from the same rows (signer/src/console/routes/reports.ts).
 */
export class ConsoleExport extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    from: { state: true },
    to: { state: true },
    summary: { state: true },
    problem: { state: true },
  }
  declare t: Translation
  declare from: string
  declare to: string
  declare summary: Summary | undefined
  declare problem: Problem | undefined

  constructor() {
    super()
    this.from = hkToday()
    this.to = hkToday()
  }

  private get range() {
    return new URLSearchParams({ from: this.from, to: this.to }).toString()
  }

  private read(event: Event) {
    const form = (event.target as HTMLElement).closest('form') as HTMLFormElement
    const data = new FormData(form)
    this.from = String(data.get('from') ?? '')
    this.to = String(data.get('to') ?? '')
  }

  private async show(event: SubmitEvent) {
    event.preventDefault()
    this.read(event)
    this.problem = undefined
    try {
      this.summary = await api<Summary>('GET', `/reports/summary?${this.range}`)
    } catch (error) {
      this.summary = undefined
      this.problem = problemOf(error, this.t.error)
    }
  }

  private field(name: 'from' | 'to', label: string) {
    return html`<div class="field">
      <label for="r-${name}">${label}</label>
      <input id="r-${name}" name=${name} type="date" required .value=${this[name]}
        @change=${this.read} aria-describedby=${describedBy(this.problem, name) ?? ''} />
      ${fieldError(this.problem, name)}
    </div>`
  }

  private table(summary: Summary) {
    const t = this.t
    const row = (l: Line, head: string) =>
      html`<tr><th scope="row">${head}</th><td>${l.currency}</td><td>${l.wallet ?? ''}</td><td>${l.gross}</td><td>${l.refunds}</td><td>${l.net}</td></tr>`
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${t.summaryTitle}><table id="summary">
      <caption>${t.summaryTitle}</caption>
      <thead><tr><th scope="col">${t.date}</th><th scope="col">${t.amount}</th><th scope="col">${t.wallet}</th><th scope="col">${t.gross}</th><th scope="col">${t.refunds}</th><th scope="col">${t.net}</th></tr></thead>
      <tbody>${summary.days.map((l) => row(l, l.date ?? ''))}</tbody>
      <tfoot>${summary.totals.map((l) => row(l, t.total))}</tfoot>
    </table></div>`
  }

  override render() {
    const t = this.t
    return html`
      <p>${t.exportIntro}</p>
      <form @submit=${this.show}>
        ${this.field('from', t.dateFrom)}
        ${this.field('to', t.dateTo)}
        ${formError(this.problem, ['from', 'to'])}
        <div class="actions">
          <button type="submit">${t.showSummary}</button>
          <a class="button" id="csv" href="/console/api/reports/transactions.csv?${this.range}" download>${t.exportCsv}</a>
        </div>
      </form>
      ${this.summary ? this.table(this.summary) : ''}
    `
  }
}
customElements.define('console-export', ConsoleExport)
