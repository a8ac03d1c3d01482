import { describe, expect, it } from 'vitest'
import { centsDigits, formatCents, toCents } from './money.js'

describe('money in cents', () => {
  it('parses gateway amounts without floats', () => {
    expect(toCents('12.50')).toBe(1250n)
    expect(toCents('12.5')).toBe(1250n)
    expect(toCents('1')).toBe(100n)
    expect(toCents('0.81')).toBe(81n)
    expect(toCents('99999.99')).toBe(9999999n)
  })

  it('refuses what is not an amount', () => {
    for (const bad of ['', '1.005', '-1', '1e3', '12,50', ' 1', '.5'])
      expect(toCents(bad), bad).toBeUndefined()
  })

  it('formats and reads the two decimals', () => {
    expect(formatCents(1250n)).toBe('12.50')
    expect(formatCents(5n)).toBe('0.05')
    expect(centsDigits(81n)).toBe('81')
    expect(centsDigits(1200n)).toBe('00')
  })
})
