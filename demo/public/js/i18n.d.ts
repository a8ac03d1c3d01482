/** Types of i18n.js for TypeScript callers (the end-to-end tests check every language has every key). */
export const LANGS: readonly ['en', 'zh-HK', 'zh-CN']
export const STRINGS: Record<'en' | 'zh-HK' | 'zh-CN', Record<string, string>>
export function t(lang: string, key: string, values?: Record<string, unknown>): string
