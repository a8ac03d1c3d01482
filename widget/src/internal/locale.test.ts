import { describe, expect, it } from 'vitest'
import { formatMoney, matchLang, pickLang, translation } from './locale.js'

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

describe('formatMoney', () => {
  it('formats a decimal string in each language without going through a float', () => {
    expect(formatMoney(translation('en'), '128.00', 'HKD')).toBe('HK$128.00')
    expect(formatMoney(translation('zh-HK'), '1234567.10', 'HKD')).toBe('HK$1,234,567.10')
    expect(formatMoney(translation('zh-CN'), '0.10', 'HKD')).toMatch(/0\.10/)
    // Beyond a double's precision: kept exactly because Intl takes the string.
    expect(formatMoney(translation('en'), '90071992547409.93', 'HKD')).toBe(
      'HK$90,071,992,547,409.93',
    )
  })
  it('falls back to code and amount for an unknown currency', () => {
    expect(formatMoney(translation('en'), '1.00', 'NOPE!')).toBe('NOPE! 1.00')
  })
})
