import { LANGS, t } from './i18n.js'

/**
 * What every demo page shares: the language and theme switches (which drive both the page and
 * every `<eftpay-button>` on it), translation of `data-i18n` elements, and money formatting.
 */

const LANG_KEY = 'lokwah-demo-lang'
const THEME_KEY = 'lokwah-demo-theme'
const THEMES = ['light', 'dark', 'auto']
const listeners = new Set()

/** The current language: the one chosen before, else the browser's if we have it, else English. */
export function currentLang() {
  const saved = localStorage.getItem(LANG_KEY)
  if (saved && LANGS.includes(saved)) return saved
  const nav = navigator.language ?? 'en'
  if (/^zh-(CN|SG|Hans)/i.test(nav)) return 'zh-CN'
  if (/^zh/i.test(nav)) return 'zh-HK'
  return 'en'
}

export function currentTheme() {
  const saved = localStorage.getItem(THEME_KEY)
  return saved && THEMES.includes(saved) ? saved : 'auto'
}

/** `t()` in the current language. */
export function tr(key, values) {
  return t(currentLang(), key, values)
}

/** "58.00" → "HK$58.00" in the current language. Intl takes the decimal string as is (no float). */
export function money(amount, currency = 'HKD') {
  return new Intl.NumberFormat(currentLang(), { style: 'currency', currency }).format(amount)
}

/** Calls `fn(lang)` now and whenever the language changes. */
export function onLangChange(fn) {
  listeners.add(fn)
  fn(currentLang())
}

/** Gives every widget on the page the demo's language and theme (also ones added later). */
export function configureWidget(el) {
  el.setAttribute('lang', currentLang())
  el.setAttribute('theme', currentTheme())
}

function applyLang(lang) {
  document.documentElement.lang = lang
  for (const el of document.querySelectorAll('[data-i18n]'))
    el.textContent = t(lang, el.dataset.i18n)
  for (const el of document.querySelectorAll('[data-i18n-label]'))
    el.setAttribute('aria-label', t(lang, el.dataset.i18nLabel))
  for (const el of document.querySelectorAll('[data-lang]'))
    el.setAttribute('aria-pressed', String(el.dataset.lang === lang))
  for (const el of document.querySelectorAll('eftpay-button')) el.setAttribute('lang', lang)
  const title = document.querySelector('meta[name="page-title"]')
  if (title) document.title = `${t(lang, title.content)} · ${t(lang, 'brand')}`
  for (const fn of listeners) fn(lang)
}

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme
  for (const el of document.querySelectorAll('[data-theme-choice]')) {
    el.setAttribute('aria-pressed', String(el.dataset.themeChoice === theme))
  }
  for (const el of document.querySelectorAll('eftpay-button')) el.setAttribute('theme', theme)
}

/** Wires the header's switches; call once per page. */
export function initChrome() {
  for (const el of document.querySelectorAll('[data-lang]')) {
    el.addEventListener('click', () => {
      localStorage.setItem(LANG_KEY, el.dataset.lang)
      applyLang(el.dataset.lang)
    })
  }
  for (const el of document.querySelectorAll('[data-theme-choice]')) {
    el.addEventListener('click', () => {
      localStorage.setItem(THEME_KEY, el.dataset.themeChoice)
      applyTheme(el.dataset.themeChoice)
    })
  }
  for (const a of document.querySelectorAll('.nav a')) {
    if (a.getAttribute('href') === location.pathname) a.setAttribute('aria-current', 'page')
  }
  applyTheme(currentTheme())
  applyLang(currentLang())
}

/**
 * The client secret of a session this tab may show on the success and cancel pages: the cart's,
 * which the page got from our backend and keeps (sessionStorage: this tab only), else the one the
 * widget keeps for a session it created itself (catalog style; widget/README.md "Return page").
 * Without one the widget cannot show the session, so the page shows only the receipt.
 */
export const SECRET_KEY = 'lokwah-demo-secret:'
export function knownSecret(sessionId) {
  return (
    sessionStorage.getItem(SECRET_KEY + sessionId) ??
    sessionStorage.getItem(`eftpay:${sessionId}`) ??
    undefined
  )
}

/** Fetches JSON from the demo server; throws an Error with the server's message. */
export async function api(path, init = {}) {
  const res = await fetch(path, {
    ...init,
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
  })
  const json = await res.json().catch(() => ({}))
  if (!res.ok) throw new Error(json?.error?.message ?? `HTTP ${res.status}`)
  return json
}

/** Creates an element with attributes and children (strings become text, never HTML). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue
    if (name.startsWith('on') && typeof value === 'function')
      el.addEventListener(name.slice(2), value)
    else el.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}
