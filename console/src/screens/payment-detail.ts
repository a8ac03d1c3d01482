import { html, LitElement } from 'lit'
import { api, type Me } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'
import { navigate, type Problem, problemOf, when } from './form-problem.js'
import type { PaymentJson, RefundJson, SessionDetail } from './session-types.js'
import './refund-form.js'

/** How often, and how long, a pending refund is followed on the page. */
const FOLLOW_MS = 1_500
const FOLLOW_TRIES = 40

/**
 * One session: its facts, payments and refunds, the refund form for each succeeded payment with
 * money left, and the timeline (signer/src/console/timeline.ts: gateway exchanges summarised, no
 * secret). A refund just made is followed live until eftPay gives its final status.
 */
export class ConsolePaymentDetail extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    me: { attribute: false },
    sessionId: { type: String },
    detail: { state: true },
    message: { state: true },
    problem: { state: true },
  }
  declare t: Translation
  declare me: Me
  declare sessionId: string
  declare detail: SessionDetail | undefined
  declare message: string
  declare problem: Problem | undefined
  private following: ReturnType<typeof setTimeout> | undefined

  constructor() {
    super()
    this.message = ''
    this.addEventListener('refunded', (e) => this.follow((e as CustomEvent<RefundJson>).detail))
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    clearTimeout(this.following)
  }

  private async load() {
    try {
      this.detail = await api<SessionDetail>('GET', `/payments/${this.sessionId}`)
    } catch (error) {
      this.problem = problemOf(error, this.t.error)
    }
  }

  private status(s: string) {
    return this.t.statusNames[s] ?? s
  }

  private follow(refund: RefundJson, tries = 0) {
    this.message =
      refund.status === 'pending'
        ? this.t.refundFollowing
        : this.t.refundSent(this.status(refund.status))
    void this.load().then(() => {
      const now = this.detail?.session.refunds.find((r) => r.id === refund.id) ?? refund
      if (now.status !== 'pending' || tries >= FOLLOW_TRIES) {
        this.message = this.t.refundSent(this.status(now.status))
        return
      }
      this.following = setTimeout(() => this.follow(now, tries + 1), FOLLOW_MS)
    })
  }

  private async askAgain(payment: PaymentJson) {
    this.problem = undefined
    try {
      const answer = await api<PaymentJson>('POST', `/payments/refresh/${payment.id}`)
      this.message = this.t.askedAgain(this.status(answer.status))
      await this.load()
    } catch (error) {
      this.problem = problemOf(error, this.t.error)
    }
  }

  private paymentItem(p: PaymentJson) {
    const t = this.t
    const left = this.detail?.refundable[p.id]
    return html`<li class="card">
      <strong>${p.wallet} ${p.currency} ${p.amount}</strong> · ${this.status(p.status)}
      <div class="muted">${t.ourOrderNo}: <code>${p.out_trade_no}</code></div>
      ${p.eft_trade_no ? html`<div class="muted">${t.orderNo}: <code>${p.eft_trade_no}</code></div>` : ''}
      <div class="muted">${when(p.created_at)}</div>
      ${p.status === 'pending' ? html`<button type="button" class="secondary" @click=${() => this.askAgain(p)}>${t.askAgain}</button>` : ''}
      ${
        left === undefined
          ? ''
          : left === '0.00'
            ? html`<p class="muted">${t.noRefundable}</p>`
            : html`<h3>${t.refundTitle}</h3>
              <console-refund-form .t=${t} .me=${this.me} .payment=${p} refundable=${left}></console-refund-form>`
      }
    </li>`
  }

  override render() {
    const t = this.t
    const back = html`<p><a href="/payments" @click=${(e: MouseEvent) => {
      e.preventDefault()
      navigate(this, '/payments')
    }}>${t.back}</a></p>`
    if (!this.detail)
      return html`${back}${this.problem ? html`<p class="error" role="alert">${this.problem.message}</p>` : html`<p role="status">${t.loading}</p>`}`
    const s = this.detail.session
    return html`
      ${back}
      <h2>${t.session} <code>${s.id}</code></h2>
      <dl class="facts">
        <dt>${t.status}</dt><dd>${this.status(s.status)}</dd>
        <dt>${t.amount}</dt><dd>${s.currency} ${s.amount}</dd>
        <dt>${t.reference}</dt><dd>${s.reference ?? '—'}</dd>
        <dt>${t.paid}</dt><dd>${s.amount_paid}</dd>
        <dt>${t.refunded}</dt><dd>${s.amount_refunded}</dd>
        <dt>${t.created}</dt><dd>${when(s.created_at)}</dd>
      </dl>
      <div role="status" aria-live="polite" id="live">${this.message}</div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem.message}</p>` : ''}
      <h2>${t.payments}</h2>
      <ul class="cards">${s.payments.map((p) => this.paymentItem(p))}</ul>
      ${
        s.refunds.length
          ? html`<h2>${t.refunds}</h2>
            <ul class="cards" id="refunds">${s.refunds.map(
              (
                r,
              ) => html`<li class="card"><strong>${r.currency} ${r.amount}</strong> · <span class="refund-status">${this.status(r.status)}</span>
                ${r.reason ? html`<div class="muted">${t.refundReason}: ${r.reason}</div>` : ''}
                <div class="muted"><code>${r.id}</code> · ${when(r.created_at)}</div></li>`,
            )}</ul>`
          : ''
      }
      <h2>${t.timeline}</h2>
      <ol class="timeline" id="timeline">
        ${this.detail.timeline.map(
          (
            e,
          ) => html`<li><time datetime=${e.at}>${when(e.at)}</time> — <strong>${t.kinds[e.kind] ?? e.kind}</strong>
            <div class="muted">${Object.entries(e.facts).map(([k, v]) => html`<span class="fact">${k}: <code>${k === 'delivery' ? (t.deliveryNames[v] ?? v) : v}</code></span> `)}</div></li>`,
        )}
      </ol>
    `
  }
}
customElements.define('console-payment-detail', ConsolePaymentDetail)
