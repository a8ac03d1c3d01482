import { html, LitElement } from 'lit'
import { api } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'
import { type Problem, problemOf, when } from './form-problem.js'
import type { ListJson } from './session-types.js'

interface EventDelivery {
  id: string
  type: string
  created_at: string
  session_id: string | null
  delivery: string
  attempts: number
  last_response_code: number | null
  next_attempt_at: string | null
}

interface Health {
  endpoint: string | null
  failing: number
  healthy: boolean
  last_delivered_at: string | null
  last_failure_code: number | null
}

/** Webhooks: the endpoint's health at a glance, deliveries newest first, resend one. */
export class ConsoleWebhooks extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    page: { state: true },
    health: { state: true },
    message: { state: true },
    problem: { state: true },
  }
  declare t: Translation
  declare page: ListJson<EventDelivery> | undefined
  declare health: Health | undefined
  declare message: string
  declare problem: Problem | undefined

  constructor() {
    super()
    this.message = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load(cursor?: string) {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
    ;[this.page, this.health] = await Promise.all([
      api<ListJson<EventDelivery>>('GET', `/webhooks?limit=20${query}`),
      api<Health>('GET', '/webhooks/health'),
    ])
  }

  private async resend(event: EventDelivery) {
    this.problem = undefined
    try {
      await api('POST', `/webhooks/${event.id}/resend`)
      this.message = this.t.resent
      await this.load()
    } catch (error) {
      this.problem = problemOf(error, this.t.error)
    }
  }

  private healthView(h: Health) {
    const t = this.t
    const state = !h.endpoint ? t.noEndpoint : h.healthy ? t.healthy : t.unhealthy(h.failing)
    return html`<section class="card" aria-labelledby="health-title" id="health">
      <h2 id="health-title">${t.health}</h2>
      <p class=${h.healthy ? '' : 'error'}>${state}</p>
      <dl class="facts">
        <dt>${t.endpoint}</dt><dd>${h.endpoint ?? '—'}</dd>
        <dt>${t.lastDelivered}</dt><dd>${when(h.last_delivered_at)}</dd>
        ${h.last_failure_code ? html`<dt>${t.responseCode}</dt><dd>${h.last_failure_code}</dd>` : ''}
      </dl>
    </section>`
  }

  override render() {
    const t = this.t
    if (!this.page || !this.health) return html`<p role="status">${t.loading}</p>`
    return html`
      ${this.healthView(this.health)}
      <div role="status" aria-live="polite">${this.message}</div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem.message}</p>` : ''}
      <h2>${t.webhooksTitle}</h2>
      ${
        this.page.data.length === 0
          ? html`<p>${t.empty}</p>`
          : html`<ul class="cards" id="deliveries">${this.page.data.map(
              (e) => html`<li class="card">
                <strong>${e.type}</strong> · <span class="delivery">${t.deliveryNames[e.delivery] ?? e.delivery}</span>
                <div class="muted">${when(e.created_at)} · <code>${e.id}</code></div>
                <div class="muted">${t.attempts}: ${e.attempts} · ${t.responseCode}: ${e.last_response_code ?? '—'} · ${t.nextRetry}: ${when(e.next_attempt_at)}</div>
                <button type="button" class="secondary" @click=${() => this.resend(e)}>${t.resend}<span class="visually-hidden"> ${e.type} ${e.id}</span></button>
              </li>`,
            )}</ul>`
      }
      ${this.page.next_cursor ? html`<button type="button" class="secondary" @click=${() => this.load(this.page?.next_cursor ?? undefined)}>${t.nextPage}</button>` : ''}
    `
  }
}
customElements.define('console-webhooks', ConsoleWebhooks)
