import { describe, expect, it } from 'vitest'
import { fromCents, isAmount, normalizeAmount, toCents } from './money.js'

describe('money in integer cents', () => {
  it('parses amounts with 0 to 2 decimals, as the gateway sends them ("1" in a notify)', () => {
    expect(toCents('1')).toBe(100n)
    expect(toCents('0.1')).toBe(10n)
    expect(toCents('0.81')).toBe(81n)
    expect(toCents('12.50')).toBe(1250n)
    expect(toCents('99999999.99')).toBe(9_999_999_999n)
  })

  it('refuses what is not an amount', () => {
    for (const bad of ['', '1.234', '1e3', '-1', '12,50', ' 1', '.5', '1.']) {
      expect(isAmount(bad), bad).toBe(false)
      expect(() => toCents(bad), bad).toThrow(RangeError)
    }
  })

  it('formats the canonical two-decimal string', () => {
    expect(fromCents(5n)).toBe('0.05')
    expect(fromCents(1250n)).toBe('12.50')
    expect(normalizeAmount('012.5')).toBe('12.50')
    expect(() => fromCents(-1n)).toThrow(RangeError)
  })
})
