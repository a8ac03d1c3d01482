import type { WalletChoice } from '../api/wallets.js'
import en from '../translations/en.js'
import type { Lang, Translation } from '../translations/translation.js'

/** The languages loaded so far: English is in the main file, the others are lazy chunks. */
const loadedTranslations: Partial<Record<Lang, Translation>> = { en }
const pendingTranslations: Partial<Record<Lang, Promise<Translation>>> = {}
// Each its own chunk (`eftpay-button.zh-hk.js`, …), so a page pays only for the language it uses.
const CHUNKS: Record<Exclude<Lang, 'en'>, () => Promise<{ default: Translation }>> = {
  'zh-HK': () => import('../translations/zh-hk.js'),
  'zh-CN': () => import('../translations/zh-cn.js'),
}

/**
 * Maps a BCP 47 tag to one of our languages, or undefined if we do not speak it. Traditional
 * script and the regions that write it (HK, MO, TW) and Cantonese go to zh-HK; other Chinese to zh-CN.
 */
export function matchLang(tag: string | null | undefined): Lang | undefined {
  const t = (tag ?? '').toLowerCase()
  if (/^(yue|zh-(hant|hk|mo|tw))/.test(t)) return 'zh-HK'
  if (/^zh(-|$)/.test(t)) return 'zh-CN'
  if (/^en(-|$)/.test(t)) return 'en'
  return undefined
}

/** The first tag we speak, else English (tried in order: element, page, browser). */
export function pickLang(tags: ReadonlyArray<string | null | undefined>): Lang {
  for (const tag of tags) {
    const lang = matchLang(tag)
    if (lang) return lang
  }
  return 'en'
}

/** A wallet's name in a language (English where the language keeps the brand's name). */
export function walletName(t: Translation, wallet: WalletChoice): string {
  return t.wallets[wallet] ?? en.wallets[wallet]
}

/** The translation of a language if it is loaded (English always is). */
export function translation(lang: Lang): Translation | undefined {
  return loadedTranslations[lang]
}

/**
 * Loads a language's chunk (once). A chunk that cannot be fetched, or that the script-tag build's
 * integrity check refuses, gives English for the rest of the page's life: a language must never
 * cost the shopper the widget. English is then that language's translation, so it is not asked
 * for again: every render asks for the language in use, and a retry would fetch at each one.
 */
export function loadTranslation(lang: Lang): Promise<Translation> {
  if (lang === 'en') return Promise.resolve(en)
  return (pendingTranslations[lang] ??= CHUNKS[lang]()
    .then(
      (chunk) => chunk.default,
      () => en,
    )
    .then((t) => (loadedTranslations[lang] = t)))
}

/**
 * The signs `Intl.NumberFormat` writes for the signer's currencies in our languages (locale.test.ts
 * holds them to Intl's own output): by language and currency, else by currency.
 */
const SIGNS: Record<string, string> = { HKD: 'HK$', CNY: 'CN¥', 'zh-CN CNY': '¥' }

const moneyFormats = new Map<string, Intl.NumberFormat>()

/**
 * Formats a decimal-string amount as `Intl.NumberFormat` does, never through a float. The signer's
 * amounts (two decimals, HKD or CNY) are written here directly: a page's first `Intl.NumberFormat`
 * costs 15–40 ms of main thread (ICU data; 4× that on a slow phone), which stood between the
 * signer's answers and the wallets. Anything else goes to `Intl.NumberFormat`, which takes the
 * string exactly; its formatters are cached.
 */
export function formatMoney(t: Translation, amount: string, currency: string): string {
  const key = `${t.$code} ${currency}`
  const sign = SIGNS[key] ?? SIGNS[currency]
  const [, whole, cents] = /^(\d+)(\.\d\d)$/.exec(amount) ?? []
  if (sign && whole && cents) return sign + whole.replace(/\B(?=(\d{3})+$)/g, ',') + cents
  try {
    let format = moneyFormats.get(key)
    if (!format)
      moneyFormats.set(
        key,
        (format = new Intl.NumberFormat(t.$code, { style: 'currency', currency })),
      )
    return format.format(amount as `${number}`)
  } catch {
    return `${currency} ${amount}`
  }
}
