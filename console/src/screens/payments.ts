import { html, LitElement } from 'lit'
import { api } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'
import {
  describedBy,
  fieldError,
  formError,
  navigate,
  type Problem,
  problemOf,
  when,
} from './form-problem.js'
import { type ListJson, SESSION_STATUSES, type SessionJson } from './session-types.js'
import './payment-detail.js'

/** The filter form's fields; dates are Hong Kong days (docs/api.md "Lists and cursors"). */
interface Filters {
  q: string
  status: string
  wallet: string
  from: string
  to: string
}

const EMPTY: Filters = { q: '', status: '', wallet: '', from: '', to: '' }
const FIELDS = ['q', 'status', 'wallet', 'from', 'to']
/** The API's parameter → the form's field, so its error shows beside the right input. */
const PARAM_FIELDS = { created_gte: 'from', created_lt: 'to' }
const PAGE = 20

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00+08:00`)
  return new Date(d.getTime() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** The query string of GET /console/api/payments for the filters and a cursor. */
export function paymentsQuery(f: Filters, cursor?: string): string {
  const q = new URLSearchParams({ limit: String(PAGE) })
  if (f.q.trim()) q.set('q', f.q.trim())
  if (f.status) q.set('status', f.status)
  if (f.wallet) q.set('wallet', f.wallet)
  if (f.from) q.set('created_gte', `${f.from}T00:00:00+08:00`)
  if (f.to) q.set('created_lt', `${nextDay(f.to)}T00:00:00+08:00`)
  if (cursor) q.set('cursor', cursor)
  return q.toString()
}

/**
 * Payments: sessions with their payments and refunds, newest first; search, filters, cursor pages.
 * `/payments/<session id>` shows one session (payment-detail.ts).
 */
export class ConsolePayments extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    me: { attribute: false },
    path: { type: String },
    page: { state: true },
    problem: { state: true },
    wallets: { state: true },
  }
  /** The filter's wallets: the ones this signer has enabled (GET /console/api/settings). */
  declare wallets: string[]
  declare t: Translation
  declare me: unknown
  declare path: string
  declare page: ListJson<SessionJson> | undefined
  declare problem: Problem | undefined
  private filters: Filters = { ...EMPTY }
  /** Cursors of the pages before this one, for "First page". */
  private cursor: string | undefined

  /** The list loads when first shown, also after a detail opened first (same element). */
  override updated(): void {
    if (!this.detailId && !this.page && !this.problem && !this.loading) {
      this.loading = true
      void this.load().finally(() => {
        this.loading = false
      })
    }
  }

  private loading = false

  override connectedCallback(): void {
    super.connectedCallback()
    this.wallets = []
    void api<{ wallets: string[] }>('GET', '/settings').then((s) => {
      this.wallets = s.wallets
    })
  }

  private get detailId(): string | undefined {
    return this.path?.split('/')[2] || undefined
  }

  private async load(cursor?: string) {
    this.problem = undefined
    try {
      this.page = await api<ListJson<SessionJson>>(
        'GET',
        `/payments?${paymentsQuery(this.filters, cursor)}`,
      )
      this.cursor = cursor
    } catch (error) {
      this.problem = problemOf(error, this.t.error, PARAM_FIELDS)
    }
  }

  private search(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    this.filters = {
      q: String(form.get('q') ?? ''),
      status: String(form.get('status') ?? ''),
      wallet: String(form.get('wallet') ?? ''),
      from: String(form.get('from') ?? ''),
      to: String(form.get('to') ?? ''),
    }
    return this.load()
  }

  private clear(event: Event) {
    ;(event.target as HTMLButtonElement).form?.reset()
    this.filters = { ...EMPTY }
    return this.load()
  }

  private open(event: MouseEvent, id: string) {
    event.preventDefault()
    navigate(this, `/payments/${id}`)
  }

  private input(name: keyof Filters, label: string, type = 'text', hint = '') {
    const p = this.problem
    return html`<div class="field">
      <label for="f-${name}">${label}</label>
      ${hint ? html`<p class="muted hint" id="hint-${name}">${hint}</p>` : ''}
      <input id="f-${name}" name=${name} type=${type} .value=${this.filters[name]}
        aria-describedby=${[hint ? `hint-${name}` : '', describedBy(p, name) ?? ''].join(' ').trim() || undefined}
        aria-invalid=${p?.field === name ? 'true' : 'false'} />
      ${fieldError(p, name)}
    </div>`
  }

  private select(name: 'status' | 'wallet', label: string, options: readonly string[]) {
    const names = name === 'status' ? this.t.statusNames : {}
    return html`<div class="field">
      <label for="f-${name}">${label}</label>
      <select id="f-${name}" name=${name} aria-describedby=${describedBy(this.problem, name) ?? ''}>
        <option value="">${this.t.any}</option>
        ${options.map((o) => html`<option value=${o} ?selected=${this.filters[name] === o}>${names[o] ?? o}</option>`)}
      </select>
      ${fieldError(this.problem, name)}
    </div>`
  }

  private row(s: SessionJson) {
    const t = this.t
    const wallets = [...new Set(s.payments.map((p) => p.wallet))].join(', ')
    return html`<li class="card">
      <a href="/payments/${s.id}" @click=${(e: MouseEvent) => this.open(e, s.id)}>
        <strong>${s.currency} ${s.amount}</strong> · ${t.statusNames[s.status] ?? s.status}
        ${s.reference ? html`· ${s.reference}` : ''}
      </a>
      <div class="muted">${when(s.created_at)} · <code>${s.id}</code>${wallets ? ` · ${wallets}` : ''}</div>
      ${s.payments.map((p) => html`<div class="muted">${t.payments}: ${p.wallet} ${p.amount} ${t.statusNames[p.status] ?? p.status}${p.eft_trade_no ? html` · <code>${p.eft_trade_no}</code>` : ''}</div>`)}
      ${s.refunds.map((r) => html`<div class="muted">${t.refunds}: ${r.amount} ${t.statusNames[r.status] ?? r.status}</div>`)}
    </li>`
  }

  override render() {
    const t = this.t
    const id = this.detailId
    if (id)
      return html`<console-payment-detail .t=${t} .me=${this.me} .sessionId=${id}></console-payment-detail>`
    return html`
      <form @submit=${this.search} class="filters" aria-label=${t.search}>
        ${this.input('q', t.search, 'search', t.searchHint)}
        ${this.select('status', t.status, SESSION_STATUSES)}
        ${this.select('wallet', t.wallet, this.wallets)}
        ${this.input('from', t.dateFrom, 'date')}
        ${this.input('to', t.dateTo, 'date')}
        <div class="actions">
          <button type="submit">${t.apply}</button>
          <button type="button" class="secondary" @click=${this.clear}>${t.clear}</button>
        </div>
      </form>
      ${formError(this.problem, FIELDS)}
      ${
        !this.page
          ? html`<p role="status">${t.loading}</p>`
          : this.page.data.length === 0
            ? html`<p role="status">${t.noResults}</p>`
            : html`<h2 class="muted">${t.paymentsTitle}</h2>
              <ul class="cards" aria-label=${t.paymentsTitle}>${this.page.data.map((s) => this.row(s))}</ul>`
      }
      <div class="actions">
        ${this.cursor ? html`<button type="button" class="secondary" @click=${() => this.load()}>${t.firstPage}</button>` : ''}
        ${
          this.page?.next_cursor
            ? html`<button type="button" class="secondary" @click=${() => this.load(this.page?.next_cursor ?? undefined)}>${t.nextPage}</button>`
            : ''
        }
      </div>
    `
  }
}
customElements.define('console-payments', ConsolePayments)
