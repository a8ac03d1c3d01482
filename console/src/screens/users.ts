import { html, LitElement } from 'lit'
import { ApiError, api, type Me } from '../api.js'
import type { Translation } from '../i18n/en.js'
import { screenStyles } from '../styles.js'

interface User {
  id: string
  name: string
  role: 'owner' | 'staff'
  refund_limit: string
}

/** Users (owners only): invite, set a staff refund limit, remove. */
export class ConsoleUsers extends LitElement {
  static override styles = screenStyles
  static override properties = {
    t: { attribute: false },
    me: { attribute: false },
    users: { state: true },
    link: { state: true },
    message: { state: true },
    problem: { state: true },
  }
  declare t: Translation
  declare me: Me
  declare users: User[]
  declare link: string
  declare message: string
  declare problem: string

  constructor() {
    super()
    this.users = []
    this.link = ''
    this.message = ''
    this.problem = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.load()
  }

  private async load() {
    this.users = (await api<{ data: User[] }>('GET', '/users')).data
  }

  private async run(action: () => Promise<void>) {
    this.message = ''
    this.problem = ''
    try {
      await action()
    } catch (error) {
      this.problem = error instanceof ApiError ? error.message : this.t.error
    }
  }

  private invite(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    return this.run(async () => {
      const answer = await api<{ url: string }>('POST', '/users/invites', {
        name: String(form.get('name') ?? ''),
        role: String(form.get('role') ?? 'staff'),
      })
      this.link = answer.url
    })
  }

  private saveLimit(event: SubmitEvent, user: User) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    return this.run(async () => {
      await api('PUT', `/users/${user.id}/refund-limit`, {
        refund_limit: String(form.get('limit') ?? ''),
      })
      this.message = this.t.saved
      await this.load()
    })
  }

  private removeUser(user: User) {
    if (!window.confirm(this.t.removeConfirm(user.name))) return
    return this.run(async () => {
      await api('DELETE', `/users/${user.id}`)
      await this.load()
    })
  }

  private roleName(role: User['role']) {
    return role === 'owner' ? this.t.roleOwner : this.t.roleStaff
  }

  override render() {
    const t = this.t
    return html`
      <div role="status" aria-live="polite">${this.message}</div>
      ${this.problem ? html`<p class="error" role="alert">${this.problem}</p>` : ''}
      <div class="scroll" tabindex="0" role="region" aria-label=${t.usersTitle}>
        <table>
          <caption class="muted">${t.usersTitle}</caption>
          <thead>
            <tr><th scope="col">${t.name}</th><th scope="col">${t.role}</th><th scope="col">${t.refundLimit}</th><th scope="col">${t.actions}</th></tr>
          </thead>
          <tbody>
            ${this.users.map(
              (u) => html`<tr>
                <td>${u.name}</td>
                <td>${this.roleName(u.role)}</td>
                <td>
                  ${
                    u.role === 'staff'
                      ? html`<form @submit=${(e: SubmitEvent) => this.saveLimit(e, u)}>
                          <label for="limit-${u.id}">${t.refundLimit} (${u.name})</label>
                          <input id="limit-${u.id}" name="limit" inputmode="decimal" .value=${u.refund_limit} />
                          <button class="secondary" type="submit">${t.save}</button>
                        </form>`
                      : '—'
                  }
                </td>
                <td>
                  ${
                    u.id === this.me.user.id
                      ? ''
                      : html`<button class="secondary" type="button" @click=${() => this.removeUser(u)}>
                          ${t.remove}<span class="muted"> ${u.name}</span>
                        </button>`
                  }
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <h2>${t.inviteTitle}</h2>
      <form @submit=${this.invite}>
        <div class="field">
          <label for="invite-name">${t.inviteName}</label>
          <input id="invite-name" name="name" required maxlength="80" autocomplete="off" />
        </div>
        <div class="field">
          <label for="invite-role">${t.inviteRole}</label>
          <select id="invite-role" name="role">
            <option value="staff">${t.roleStaff}</option>
            <option value="owner">${t.roleOwner}</option>
          </select>
        </div>
        <button type="submit">${t.inviteButton}</button>
      </form>
      ${this.link ? html`<p>${t.inviteLink}</p><p><code id="invite-link">${this.link}</code></p>` : ''}
    `
  }
}
customElements.define('console-users', ConsoleUsers)
