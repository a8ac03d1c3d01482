import en, { type Translation } from './en.js'
import zhCN from './zh-cn.js'
import zhHK from './zh-hk.js'

/**
 * The console's languages with the widget's fallback rule (widget/src/internal/locale.ts):
 * Traditional script, its regions (HK, MO, TW) and Cantonese → zh-HK; other Chinese → zh-CN;
 * anything else → English. A text a translation lacks is the English one.
 */

export type Lang = 'en' | 'zh-HK' | 'zh-CN'
export const LANGS: readonly Lang[] = ['en', 'zh-HK', 'zh-CN']
export const LANG_NAMES: Record<Lang, string> = {
  en: 'English',
  'zh-HK': '繁體中文',
  'zh-CN': '简体中文',
}

export function matchLang(tag: string | null | undefined): Lang | undefined {
  const t = (tag ?? '').toLowerCase()
  if (/^(yue|zh-(hant|hk|mo|tw))/.test(t)) return 'zh-HK'
  if (/^zh(-|$)/.test(t)) return 'zh-CN'
  if (/^en(-|$)/.test(t)) return 'en'
  return undefined
}

/** The first tag we speak (the person's choice, then the browser's), else English. */
export function pickLang(tags: ReadonlyArray<string | null | undefined>): Lang {
  for (const tag of tags) {
    const lang = matchLang(tag)
    if (lang) return lang
  }
  return 'en'
}

const PARTIAL: Record<Lang, Partial<Translation>> = { en, 'zh-HK': zhHK, 'zh-CN': zhCN }

export function translationFor(lang: Lang): Translation {
  const partial = PARTIAL[lang]
  // The name tables merge key by key, so a name a translation lacks is the English one.
  const merged = (key: 'screens' | 'statusNames' | 'kinds' | 'deliveryNames') => ({
    ...en[key],
    ...partial[key],
  })
  return {
    ...en,
    ...partial,
    screens: merged('screens'),
    statusNames: merged('statusNames'),
    kinds: merged('kinds'),
    deliveryNames: merged('deliveryNames'),
  }
}
