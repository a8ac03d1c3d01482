import { describe, expect, it } from 'vitest'
import demo from '../../examples/catalog.json' with { type: 'json' }
import { ApiError } from '../errors.js'
import { CatalogError, createCatalog, emptyCatalog } from './catalog.js'

describe('catalog', () => {
  const catalog = createCatalog({
    currency: 'HKD',
    products: [
      { sku: 'bun', price: '18.50', subject: 'Pineapple bun' },
      { sku: 'cny', price: '0.10', currency: 'CNY', subject: 'Tip' },
    ],
  })

  it('prices in integer cents (no float drift)', () => {
    expect(catalog.price('bun', 3)).toMatchObject({
      amount: '55.50',
      currency: 'HKD',
      subject: 'Pineapple bun x 3',
    })
    expect(catalog.price('cny', 3)).toMatchObject({
      amount: '0.30',
      currency: 'CNY',
      subject: 'Tip x 3',
    })
    expect(catalog.price('bun', 1).subject).toBe('Pineapple bun')
  })

  it('refuses unknown skus and quantities outside 1..99 naming the field', () => {
    expect(() => catalog.price('cake', 1)).toThrow(
      expect.objectContaining({ code: 'unknown_sku', param: 'sku' }),
    )
    expect(() => catalog.price('bun', 0)).toThrow(expect.objectContaining({ param: 'quantity' }))
    expect(() => catalog.price('bun', 100)).toThrow(ApiError)
    expect(() => emptyCatalog().price('bun', 1)).toThrow(
      expect.objectContaining({ code: 'unknown_sku' }),
    )
  })

  it('names the product line and field of a bad file', () => {
    expect(() =>
      createCatalog({
        products: [
          { sku: 'ok', price: '1.00', subject: 'a' },
          { sku: 'tea', price: '12.345', subject: 'b' },
        ],
      }),
    ).toThrow(/product tea field price/)
    expect(() =>
      createCatalog({
        products: [
          { sku: 'a', price: '1.00', subject: 'x' },
          { sku: 'a', price: '2.00', subject: 'y' },
        ],
      }),
    ).toThrow(CatalogError)
    expect(() => createCatalog({ products: [] })).toThrow(CatalogError)
  })

  it('ships a valid demo catalog (the demo shop prices from the same file)', () => {
    const c = createCatalog(demo)
    expect(c.skus()).toContain('milk-tea')
    expect(c.price('milk-tea', 2).amount).toBe('64.00')
  })
})
