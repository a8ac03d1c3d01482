import { readFileSync } from 'node:fs'
import { fromCents, toCents } from '../public/js/cents.js'

/**
 * The demo shop's own product list. Prices come from `signer/examples/catalog.json`, the same file the signer
 * prices the sku flow from, so the two integration styles can never disagree on a price; this
 * module adds what only the shop needs (names in three languages, a picture).
 */

/** Display data per sku: names in the demo's three languages and the picture under /assets/img. */
const DISPLAY = {
  'afternoon-set': {
    en: 'Afternoon tea set',
    'zh-HK': '下午茶餐',
    'zh-CN': '下午茶套餐',
    img: 'set',
  },
  'milk-tea': {
    en: 'Hong Kong milk tea',
    'zh-HK': '港式奶茶',
    'zh-CN': '港式奶茶',
    img: 'milk-tea',
  },
  'lemon-tea': { en: 'Iced lemon tea', 'zh-HK': '凍檸茶', 'zh-CN': '冻柠茶', img: 'lemon-tea' },
  yuenyeung: { en: 'Yuenyeung', 'zh-HK': '鴛鴦', 'zh-CN': '鸳鸯', img: 'yuenyeung' },
  'egg-tart': { en: 'Egg tart', 'zh-HK': '蛋撻', 'zh-CN': '蛋挞', img: 'egg-tart' },
  'pineapple-bun': {
    en: 'Pineapple bun with butter',
    'zh-HK': '菠蘿油',
    'zh-CN': '菠萝油',
    img: 'pineapple-bun',
  },
  'french-toast': {
    en: 'Hong Kong French toast',
    'zh-HK': '西多士',
    'zh-CN': '西多士',
    img: 'french-toast',
  },
  'siu-mai': {
    en: 'Siu mai (4 pieces)',
    'zh-HK': '燒賣（四粒）',
    'zh-CN': '烧卖（四粒）',
    img: 'siu-mai',
  },
}

const DESCRIPTIONS = {
  'afternoon-set': { 'zh-HK': '奶茶、兩件蛋撻及菠蘿油', 'zh-CN': '奶茶、两个蛋挞及菠萝油' },
  'milk-tea': { 'zh-HK': '絲襪拉茶，淡奶香滑', 'zh-CN': '丝袜拉茶，淡奶香滑' },
  'lemon-tea': { 'zh-HK': '錫蘭紅茶，鮮檸即撞', 'zh-CN': '锡兰红茶，鲜柠现捣' },
  yuenyeung: { 'zh-HK': '咖啡撞奶茶，一半一半', 'zh-CN': '咖啡撞奶茶，一半一半' },
  'egg-tart': { 'zh-HK': '牛油酥皮，每小時出爐', 'zh-CN': '黄油酥皮，每小时出炉' },
  'pineapple-bun': { 'zh-HK': '熱辣菠蘿包夾厚牛油', 'zh-CN': '热菠萝包夹厚黄油' },
  'french-toast': { 'zh-HK': '花生醬、金黃糖漿', 'zh-CN': '花生酱、金黄糖浆' },
  'siu-mai': { 'zh-HK': '豬肉鮮蝦燒賣', 'zh-CN': '猪肉鲜虾烧卖' },
}

/**
 * @typedef {{ sku: string, price: string, subject: string, body?: string }} CatalogProduct
 * @typedef {{ currency: string, success_url?: string, cancel_url?: string, products: CatalogProduct[] }} Catalog
 * @typedef {CatalogProduct & { currency: string, name: Record<string, string>, description: Record<string, string>, img: string }} Product
 */

/** Reads and checks the catalog file; throws with the file name when it is not what the signer expects. */
export function readCatalog(file) {
  /** @type {Catalog} */
  const catalog = JSON.parse(readFileSync(file, 'utf8'))
  if (!Array.isArray(catalog.products) || catalog.products.length === 0)
    throw new Error(`${file}: no products`)
  for (const p of catalog.products) {
    if (!/^(0|[1-9]\d*)\.\d{2}$/.test(p.price))
      throw new Error(`${file}: ${p.sku} price must be like "28.00"`)
  }
  return catalog
}

/** The shop's products: catalog prices plus display data, in catalog order. */
export function shopProducts(catalog) {
  return catalog.products.map((p) => {
    const d = DISPLAY[p.sku] ?? {
      en: p.subject,
      'zh-HK': p.subject,
      'zh-CN': p.subject,
      img: 'set',
    }
    return {
      ...p,
      currency: catalog.currency,
      name: { en: d.en, 'zh-HK': d['zh-HK'], 'zh-CN': d['zh-CN'] },
      description: { en: p.body ?? '', ...(DESCRIPTIONS[p.sku] ?? {}) },
      img: d.img,
    }
  })
}

/**
 * Prices cart lines on the server: the browser sends skus and quantities only, never an amount
 * (the signer's sku flow works the same way). Returns the total and a short description, or throws a
 * message naming the bad line.
 * @param {Product[]} products
 * @param {unknown} lines
 */
export function priceCart(products, lines) {
  if (!Array.isArray(lines) || lines.length === 0) throw new CartError('the cart is empty')
  if (lines.length > 20) throw new CartError('at most 20 lines per order')
  let total = 0n
  const parts = []
  for (const [i, line] of lines.entries()) {
    const sku = line?.sku
    const quantity = line?.quantity
    const product = products.find((p) => p.sku === sku)
    if (!product) throw new CartError(`lines[${i}].sku is not on the menu`)
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 20) {
      throw new CartError(`lines[${i}].quantity must be a whole number from 1 to 20`)
    }
    total += toCents(product.price) * BigInt(quantity)
    parts.push(`${quantity} x ${product.subject}`)
  }
  const body = parts.join(', ')
  return { amount: fromCents(total), body: body.length > 128 ? `${body.slice(0, 125)}...` : body }
}

/** A cart the server refuses, with a message the page can show. */
export class CartError extends Error {}
