import { startAuthentication } from '@simplewebauthn/browser'
import { html, LitElement } from 'lit'
import { api, type Me } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'
import { describedBy, fieldError, formError, type Problem, problemOf } from './form-problem.js'
import type { PaymentJson, RefundJson } from './session-types.js'

/** What the money core takes (signer/src/money.ts): a decimal string, at most 2 decimals. */
const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/
const FIELDS = ['amount', 'reason']

/**
 * A refund of one payment, full or partial, with a reason: a form, then a confirmation that
 * repeats amount and order, then the fresh passkey check (@simplewebauthn/browser) and
 * `POST /console/api/refunds`, which applies the staff limit and the API's rules
 * (signer/src/console/routes/refunds.ts). Fires `refunded` with the refund; the detail page then
 * follows it live. The sandbox's demo owner has no passkey and skips the check.
 */
export class ConsoleRefundForm extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    me: { attribute: false },
    payment: { attribute: false },
    refundable: { type: String },
    step: { state: true },
    problem: { state: true },
    busy: { state: true },
  }
  declare t: Translation
  declare me: Me
  declare payment: PaymentJson
  declare refundable: string
  declare step: 'form' | 'confirm'
  declare problem: Problem | undefined
  declare busy: boolean
  private amount = ''
  private reason = ''

  constructor() {
    super()
    this.step = 'form'
    this.busy = false
  }

  private next(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    this.amount = String(form.get('amount') ?? '').trim()
    this.reason = String(form.get('reason') ?? '').trim()
    if (!AMOUNT.test(this.amount) || /^0+(\.0+)?$/.test(this.amount)) {
      this.problem = { field: 'amount', message: `${this.t.refundAmount}: 12.50` }
      return
    }
    this.problem = undefined
    this.step = 'confirm'
  }

  private async passkeyCheck() {
    if (this.me.user.demo) return
    const { ceremony, options } = await api<{ ceremony: string; options: never }>(
      'POST',
      '/verify/options',
    )
    const response = await startAuthentication({ optionsJSON: options })
    await api('POST', '/verify/verify', { ceremony, response })
  }

  private async confirm() {
    this.busy = true
    this.problem = undefined
    try {
      await this.passkeyCheck()
      const refund = await api<RefundJson>('POST', '/refunds', {
        payment_id: this.payment.id,
        amount: this.amount,
        ...(this.reason ? { reason: this.reason } : {}),
      })
      this.step = 'form'
      this.amount = ''
      this.reason = ''
      this.dispatchEvent(
        new CustomEvent('refunded', { detail: refund, bubbles: true, composed: true }),
      )
    } catch (error) {
      this.problem = problemOf(error, this.t.signInFailed)
      if (FIELDS.includes(this.problem.field)) this.step = 'form'
    } finally {
      this.busy = false
    }
  }

  override render() {
    const t = this.t
    const p = this.problem
    const currency = this.payment.currency
    const order = this.payment.eft_trade_no ?? this.payment.out_trade_no
    if (this.step === 'confirm')
      return html`<section aria-labelledby="confirm-title">
        <h3 id="confirm-title">${t.refundConfirmTitle}</h3>
        <p id="confirm-text"><strong>${t.refundConfirm(this.amount, currency, order)}</strong></p>
        ${this.reason ? html`<p>${t.refundReason}: ${this.reason}</p>` : ''}
        ${formError(p, FIELDS)}
        <div class="actions">
          <button type="button" ?disabled=${this.busy} @click=${this.confirm}>
            ${this.me.user.demo ? t.refundConfirmDemo : t.refundConfirmButton}
          </button>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => {
            this.step = 'form'
          }}>${t.cancel}</button>
        </div>
      </section>`
    return html`<form @submit=${this.next} novalidate>
      <p id="refundable">${t.refundable(this.refundable, currency)}</p>
      <div class="field">
        <label for="amount">${t.refundAmount} (${currency})</label>
        <input id="amount" name="amount" inputmode="decimal" autocomplete="off" required
          .value=${this.amount || this.refundable}
          aria-invalid=${p?.field === 'amount' ? 'true' : 'false'}
          aria-describedby=${describedBy(p, 'amount') ?? 'refundable'} />
        ${fieldError(p, 'amount')}
      </div>
      <div class="field">
        <label for="reason">${t.refundReason}</label>
        <input id="reason" name="reason" maxlength="256" autocomplete="off" .value=${this.reason}
          aria-invalid=${p?.field === 'reason' ? 'true' : 'false'}
          aria-describedby=${describedBy(p, 'reason') ?? ''} />
        ${fieldError(p, 'reason')}
      </div>
      ${formError(p, FIELDS)}
      <div class="actions">
        <button type="submit">${t.refundNext}</button>
        <button type="button" class="secondary" @click=${() => {
          this.amount = this.refundable
          this.requestUpdate()
          const input = this.renderRoot.querySelector<HTMLInputElement>('#amount')
          if (input) input.value = this.refundable
        }}>${t.refundFull}</button>
      </div>
    </form>`
  }
}
customElements.define('console-refund-form', ConsoleRefundForm)
