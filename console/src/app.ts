import { css, html, LitElement } from 'lit'
import { ApiError, api, type Me, setCsrfToken } from './api.js'
import type { Translation } from './i18n/en.js'
import { LANG_NAMES, LANGS, type Lang, pickLang, translationFor } from './i18n/locale.js'
import { type Screen, screensFor } from './screens.js'
import { screenStyles } from './styles.js'
import './screens/enrol.js'
import './screens/sign-in.js'

const LANG_KEY = 'eftpay-console-lang'

/**
 * The console's shell: who is signed in, the navigation (screens.ts), the language, sign-out. Pages
 * are paths (`/users`); the server answers every page path with this one page (assets.ts), and the
 * shell picks the screen. `/enrol#<token>` is the invite link's page.
 */
export class ConsoleApp extends LitElement {
  static override styles = [
    screenStyles,
    css`
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.75rem 1rem;
        border-bottom: 1px solid var(--line);
        background: var(--surface);
      }
      header .brand {
        font-weight: 700;
      }
      header .who {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      header select {
        width: auto;
      }
      nav ul {
        list-style: none;
        display: flex;
        gap: 0.25rem;
        overflow-x: auto;
        margin: 0;
        padding: 0.5rem 1rem;
        border-bottom: 1px solid var(--line);
      }
      nav a {
        display: inline-block;
        padding: 0.5rem 0.75rem;
        border-radius: 6px;
        text-decoration: none;
        white-space: nowrap;
      }
      nav a[aria-current='page'] {
        background: var(--accent);
        color: var(--accent-fg);
      }
      main {
        padding: 1rem;
        max-width: 60rem;
      }
      .demo {
        border: 2px solid var(--demo);
        color: var(--demo);
        border-radius: 6px;
        padding: 0.1rem 0.5rem;
        font-weight: 700;
      }
      @media (min-width: 48rem) {
        main {
          padding: 1.5rem 2rem;
        }
      }
    `,
  ]
  static override properties = {
    me: { state: true },
    lang: { state: true },
    path: { state: true },
    sandbox: { state: true },
  }
  declare me: Me | null | undefined
  declare sandbox: boolean
  declare lang: Lang
  declare path: string

  constructor() {
    super()
    this.sandbox = false
    this.lang = pickLang([
      new URLSearchParams(location.search).get('lang'),
      localStorage.getItem(LANG_KEY),
      ...navigator.languages,
    ])
    this.path = location.pathname
    this.addEventListener('signed-in', () => void this.loadMe())
    // A screen's own links (a payment's detail, back to the list): screens/form-problem.ts.
    this.addEventListener('navigate', (e) => {
      this.go((e as CustomEvent<string>).detail)
      this.renderRoot.querySelector<HTMLElement>('main')?.focus()
    })
    window.addEventListener('popstate', () => {
      this.path = location.pathname
    })
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void this.loadMe()
  }

  private get t(): Translation {
    return translationFor(this.lang)
  }

  private async loadMe() {
    try {
      this.me = await api<Me>('GET', '/me')
      setCsrfToken(this.me.csrf_token)
      if (this.path === '/enrol') this.go('/')
      // The demo's "Merchant view" opens `/?demo` in sandbox mode: sign in as the demo owner.
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error
      this.me = null
      this.sandbox = (await api<{ mode: string }>('GET', '/mode')).mode === 'sandbox'
      if (this.sandbox && new URLSearchParams(location.search).has('demo')) await this.demoSignIn()
    }
  }

  private async demoSignIn() {
    try {
      await api('POST', '/demo/sign-in')
      await this.loadMe()
    } catch {
      // Live mode: no such route; the sign-in page stays.
    }
  }

  private go(path: string) {
    history.pushState(null, '', path)
    this.path = path
  }

  private navigate(event: MouseEvent, path: string) {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return
    event.preventDefault()
    this.go(path)
    this.renderRoot.querySelector<HTMLElement>('main')?.focus()
  }

  private setLang(event: Event) {
    this.lang = (event.target as HTMLSelectElement).value as Lang
    localStorage.setItem(LANG_KEY, this.lang)
  }

  private async signOut() {
    await api('POST', '/logout')
    this.me = null
    this.go('/')
  }

  override updated(): void {
    document.documentElement.lang = this.lang
    document.title = this.t.title
  }

  private current(screens: Screen[]): Screen | undefined {
    const segment = this.path.split('/')[1] ?? ''
    return screens.find((s) => s.path === segment) ?? screens[0]
  }

  private header(t: Translation) {
    const me = this.me
    return html`<header>
      <span class="brand">${t.title}</span>
      <span class="who">
        ${me?.user.demo ? html`<span class="demo" id="demo-badge">${t.demoBadge}</span>` : ''}
        ${me ? html`<span>${me.user.name} (${me.user.role === 'owner' ? t.roleOwner : t.roleStaff})</span>` : ''}
        <label for="lang">${t.language}</label>
        <select id="lang" @change=${this.setLang}>
          ${LANGS.map((l) => html`<option value=${l} ?selected=${l === this.lang} lang=${l}>${LANG_NAMES[l]}</option>`)}
        </select>
        ${me ? html`<button class="secondary" type="button" @click=${this.signOut}>${t.signOut}</button>` : ''}
      </span>
    </header>`
  }

  override render() {
    const t = this.t
    if (this.me === undefined) return html`<main><p role="status">${t.loading}</p></main>`
    if (this.path === '/enrol' && !this.me)
      return html`${this.header(t)}<main tabindex="-1"><console-enrol .t=${t}></console-enrol></main>`
    if (!this.me)
      return html`${this.header(t)}<main tabindex="-1">
        <console-sign-in .t=${t} ?sandbox=${this.sandbox}></console-sign-in>
      </main>`
    const screens = screensFor(this.me)
    const screen = this.current(screens)
    return html`
      ${this.header(t)}
      <nav aria-label=${t.nav}>
        <ul>
          ${screens.map(
            (s) => html`<li><a href="/${s.path}" aria-current=${s === screen ? 'page' : 'false'}
              @click=${(e: MouseEvent) => this.navigate(e, `/${s.path}`)}>${t.screens[s.path] ?? s.path}</a></li>`,
          )}
        </ul>
      </nav>
      <main id="main" tabindex="-1">
        <h1>${screen ? t.screens[screen.path] : ''}</h1>
        ${screen?.render(t, this.me, this.path)}
      </main>
    `
  }
}
customElements.define('console-app', ConsoleApp)
