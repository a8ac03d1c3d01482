import { describe, expect, it } from 'vitest'
import { formatMoney, loadTranslation, matchLang, pickLang, translation } from './locale.js'

describe('matchLang', () => {
  it('maps Traditional Chinese tags and regions to zh-HK', () => {
    for (const tag of ['zh-HK', 'zh-hk', 'zh-Hant', 'zh-Hant-TW', 'zh-TW', 'zh-MO', 'yue'])
      expect(matchLang(tag)).toBe('zh-HK')
  })
  it('maps other Chinese tags to zh-CN', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-Hans', 'zh-Hans-HK', 'zh-SG'])
      expect(matchLang(tag)).toBe('zh-CN')
  })
  it('maps English and refuses what we do not speak', () => {
    expect(matchLang('en-GB')).toBe('en')
    expect(matchLang('fr')).toBeUndefined()
    expect(matchLang('')).toBeUndefined()
    expect(matchLang(null)).toBeUndefined()
  })
})

describe('pickLang', () => {
  it('takes the first language we speak, else English', () => {
    expect(pickLang([undefined, 'fr', 'zh-TW', 'en'])).toBe('zh-HK')
    expect(pickLang(['', 'de'])).toBe('en')
  })
})

describe('translation', () => {
  it('has English at once and loads the Chinese ones on demand, once', async () => {
    expect(translation('en')!.choose).toBe('Choose how to pay')
    expect(translation('zh-HK')).toBeUndefined()
    const first = loadTranslation('zh-HK')
    expect(loadTranslation('zh-HK')).toBe(first)
    expect((await first).choose).toBe('選擇付款方式')
    expect(translation('zh-HK')).toBe(await first)
    expect((await loadTranslation('zh-CN')).$code).toBe('zh-CN')
  })
})

describe('formatMoney', () => {
  it('formats a decimal string in each language without going through a float', async () => {
    const en = await loadTranslation('en')
    expect(formatMoney(en, '128.00', 'HKD')).toBe('HK$128.00')
    expect(formatMoney(await loadTranslation('zh-HK'), '1234567.10', 'HKD')).toBe('HK$1,234,567.10')
    expect(formatMoney(await loadTranslation('zh-CN'), '0.10', 'HKD')).toMatch(/0\.10/)
    // Beyond a double's precision: kept exactly because Intl takes the string.
    expect(formatMoney(en, '90071992547409.93', 'HKD')).toBe('HK$90,071,992,547,409.93')
  })
  it("writes the signer's currencies exactly as Intl.NumberFormat does, in every language", async () => {
    const amounts = ['0.00', '0.10', '9.99', '58.00', '999.50', '1000.00', '1234567.10']
    for (const lang of ['en', 'zh-HK', 'zh-CN'] as const) {
      const t = await loadTranslation(lang)
      for (const currency of ['HKD', 'CNY']) {
        const intl = new Intl.NumberFormat(lang, { style: 'currency', currency })
        for (const amount of amounts)
          expect(formatMoney(t, amount, currency)).toBe(intl.format(amount as `${number}`))
      }
    }
  })
  it('leaves other amounts and currencies to Intl.NumberFormat', () => {
    const en = translation('en')!
    expect(formatMoney(en, '12.5', 'HKD')).toBe('HK$12.50')
    expect(formatMoney(en, '12.00', 'USD')).toBe('$12.00')
  })
  it('falls back to code and amount for an unknown currency', () => {
    expect(formatMoney(translation('en')!, '1.00', 'NOPE!')).toBe('NOPE! 1.00')
  })
})
