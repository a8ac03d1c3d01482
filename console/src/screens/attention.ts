import { html, LitElement } from 'lit'
import { api } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'
import { describedBy, fieldError, navigate, type Problem, problemOf, when } from './form-problem.js'
import type { PaymentJson, RefundJson } from './session-types.js'

interface Flagged {
  payments: (PaymentJson & { needs_attention_at?: string })[]
  refunds: (RefundJson & { automatic?: boolean })[]
  next_cursor: string | null
}

type Item = { object: 'payment'; row: PaymentJson } | { object: 'refund'; row: RefundJson }

/**
 * Needs attention: each flagged payment or refund with what is known and the actions that fit:
 * ask eftPay again (payments), or mark as resolved with a note, which clears the flag and records
 * who and why without changing any money state (signer/src/console/routes/attention.ts).
 */
export class ConsoleAttention extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    list: { state: true },
    message: { state: true },
    problems: { state: true },
  }
  declare t: Translation
  declare list: Flagged | undefined
  declare message: string
  declare problems: Record<string, Problem>

  constructor() {
    super()
    this.message = ''
    this.problems = {}
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(cursor?: string) {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''
    this.list = await api<Flagged>('GET', `/attention${query}`)
  }

  private async act(id: string, action: () => Promise<string>) {
    this.problems = { ...this.problems, [id]: undefined as never }
    try {
      this.message = await action()
      await this.load()
    } catch (error) {
      this.problems = { ...this.problems, [id]: problemOf(error, this.t.error) }
    }
  }

  private resolve(event: SubmitEvent, item: Item) {
    event.preventDefault()
    const note = String(new FormData(event.target as HTMLFormElement).get('note') ?? '')
    return this.act(item.row.id, async () => {
      await api('POST', '/attention/resolve', { object: item.object, id: item.row.id, note })
      return this.t.resolved
    })
  }

  private askAgain(payment: PaymentJson) {
    return this.act(payment.id, async () => {
      const answer = await api<PaymentJson>('POST', `/payments/refresh/${payment.id}`)
      return this.t.askedAgain(this.t.statusNames[answer.status] ?? answer.status)
    })
  }

  private item(item: Item) {
    const t = this.t
    const r = item.row
    const problem = this.problems[r.id]
    const field = `note-${r.id}`
    const noteProblem = problem?.field === 'note' ? { ...problem, field } : problem
    return html`<li class="card">
      <strong>${item.object === 'payment' ? t.payments : t.refunds}: ${r.currency} ${r.amount}</strong>
      · ${t.statusNames[r.status] ?? r.status}
      ${item.object === 'refund' && (r as RefundJson & { automatic?: boolean }).automatic ? html`<div>${t.automaticRefund}</div>` : ''}
      <div class="muted"><code>${r.id}</code> · ${when(r.created_at)}</div>
      ${item.object === 'payment' ? html`<div class="muted">${t.orderNo}: <code>${item.row.eft_trade_no ?? '—'}</code> · ${t.ourOrderNo}: <code>${item.row.out_trade_no}</code></div>` : ''}
      <p><a href="/payments/${r.session_id}" @click=${(e: MouseEvent) => {
        e.preventDefault()
        navigate(this, `/payments/${r.session_id}`)
      }}>${t.session} ${r.session_id}</a></p>
      ${item.object === 'payment' ? html`<p><button type="button" class="secondary" @click=${() => this.askAgain(item.row)}>${t.askAgain}</button></p>` : ''}
      <form @submit=${(e: SubmitEvent) => this.resolve(e, item)}>
        <div class="field">
          <label for=${field}>${t.note}</label>
          <input id=${field} name="note" maxlength="500" autocomplete="off"
            aria-describedby=${describedBy(noteProblem, field) ?? ''} />
          ${fieldError(noteProblem, field)}
        </div>
        ${problem && problem.field !== 'note' ? html`<p class="error" role="alert">${problem.message}</p>` : ''}
        <button type="submit">${t.resolve}</button>
      </form>
    </li>`
  }

  override render() {
    const t = this.t
    if (!this.list) return html`<p role="status">${t.loading}</p>`
    const items: Item[] = [
      ...this.list.payments.map((row) => ({ object: 'payment' as const, row })),
      ...this.list.refunds.map((row) => ({ object: 'refund' as const, row })),
    ]
    return html`
      <p>${t.attentionIntro}</p>
      <div role="status" aria-live="polite">${this.message}</div>
      ${items.length === 0 ? html`<p>${t.attentionNone}</p>` : html`<ul class="cards">${items.map((i) => this.item(i))}</ul>`}
      ${this.list.next_cursor ? html`<button type="button" class="secondary" @click=${() => this.load(this.list?.next_cursor ?? undefined)}>${t.nextPage}</button>` : ''}
    `
  }
}
customElements.define('console-attention', ConsoleAttention)
