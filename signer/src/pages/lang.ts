/**
 * The page language, chosen like the widget chooses its own (widget/src/internal/locale.ts): an
 * explicit `?lang=` from the switcher first, then the browser's `Accept-Language` in its order of
 * preference, else English. Traditional script and the regions that write it go to zh-HK, other
 * Chinese to zh-CN.
 */

export const PAGE_LANGS = ['en', 'zh-HK', 'zh-CN'] as const
export type PageLang = (typeof PAGE_LANGS)[number]

function matchLang(tag: string): PageLang | undefined {
  const t = tag.trim().toLowerCase()
  if (/^(yue|zh-(hant|hk|mo|tw))/.test(t)) return 'zh-HK'
  if (/^zh(-|$)/.test(t)) return 'zh-CN'
  if (/^en(-|$)/.test(t)) return 'en'
  return undefined
}

/** `Accept-Language` tags, most preferred first (a missing `q` is 1). */
function acceptedTags(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';')
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? '1')
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index }
    })
    .filter((t) => t.tag !== '' && t.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((t) => t.tag)
}

export function pickPageLang(
  query: string | undefined,
  acceptLanguage: string | undefined,
): PageLang {
  if (query && (PAGE_LANGS as readonly string[]).includes(query)) return query as PageLang
  for (const tag of acceptedTags(acceptLanguage ?? '')) {
    const lang = matchLang(tag)
    if (lang) return lang
  }
  return 'en'
}
