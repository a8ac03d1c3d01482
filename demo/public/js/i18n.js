/**
 * The demo's own words in its three languages (the widget brings its own). Every key exists in
 * every language; the end-to-end tests check that no page shows a key or an empty string.
 */
import en from './i18n/en.js'
import zhCN from './i18n/zh-cn.js'
import zhHK from './i18n/zh-hk.js'

export const LANGS = ['en', 'zh-HK', 'zh-CN']

export const STRINGS = { en, 'zh-HK': zhHK, 'zh-CN': zhCN }

/** The string for a key in a language, with `{name}` placeholders filled in; English as the fallback. */
export function t(lang, key, values = {}) {
  const template = STRINGS[lang]?.[key] ?? STRINGS.en[key] ?? key
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''))
}
