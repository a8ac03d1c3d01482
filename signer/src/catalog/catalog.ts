import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import demoCatalog from '../../examples/catalog.json' with { type: 'json' }
import type { Config } from '../config/index.js'
import { amount as gatewayAmount, MAX_QUANTITY, str } from '../contract/limits.js'
import { type Currency, currency } from '../contract/vocabulary.js'
import { ValidationError } from '../errors.js'
import { fromCents, toCents } from '../money.js'

/**
 * The product catalog for storefronts without a backend (docs/api.md,
 * the sku flow): the page names a `sku` and a `quantity`, the signer prices it. The browser never sends
 * an amount. Prices are decimal strings and are multiplied in integer cents.
 */

const product = z.strictObject({
  sku: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
  price: gatewayAmount,
  currency: currency.optional(),
  subject: str(200),
  body: str(100).optional(),
})

const catalogSchema = z.strictObject({
  currency: currency.optional(),
  success_url: z.url().optional(),
  cancel_url: z.url().optional(),
  products: z.array(product).min(1, 'must list at least one product'),
})

export type CatalogFile = z.infer<typeof catalogSchema>

/** What a catalog line costs in a given quantity. */
export interface PricedLine {
  sku: string
  quantity: number
  amount: string
  currency: Currency
  subject: string
  body?: string
}

export interface Catalog {
  /** Default return addresses for sku sessions, if the catalog sets them. */
  successUrl?: string
  cancelUrl?: string
  skus(): string[]
  /** Prices `quantity` of `sku`; throws 400 `unknown_sku` (param `sku`) or `invalid_field` (param `quantity`). */
  price(sku: string, quantity: number): PricedLine
}

/** Thrown when a catalog file is not valid; names the product line's sku and the field. */
export class CatalogError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CatalogError'
  }
}

/** Builds a catalog from parsed data (JSON or YAML already parsed). */
export function createCatalog(data: unknown, source = 'catalog'): Catalog {
  const parsed = catalogSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const path = issue?.path ?? []
    let where = path.join('.')
    if (path[0] === 'products' && typeof path[1] === 'number') {
      const line = (data as { products?: Array<{ sku?: unknown }> }).products?.[path[1]]
      const sku = typeof line?.sku === 'string' ? line.sku : `#${path[1] + 1}`
      where = `product ${sku}${path.length > 2 ? ` field ${path.slice(2).join('.')}` : ''}`
    }
    throw new CatalogError(`${source}: ${where || 'file'} ${issue?.message ?? 'is not valid'}`)
  }
  const file = parsed.data
  const bySku = new Map<string, (typeof file.products)[number]>()
  for (const line of file.products) {
    if (bySku.has(line.sku))
      throw new CatalogError(`${source}: product ${line.sku} is listed twice`)
    bySku.set(line.sku, line)
  }
  return {
    ...(file.success_url ? { successUrl: file.success_url } : {}),
    ...(file.cancel_url ? { cancelUrl: file.cancel_url } : {}),
    skus: () => [...bySku.keys()],
    price(sku, quantity) {
      const line = bySku.get(sku)
      if (!line) {
        throw new ValidationError({
          code: 'unknown_sku',
          param: 'sku',
          message: `There is no product "${sku.slice(0, 64)}" in the catalog. Use a sku listed in the signer's CATALOG_FILE.`,
        })
      }
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
        throw new ValidationError({
          param: 'quantity',
          message: `quantity must be a whole number from 1 to ${MAX_QUANTITY}.`,
        })
      }
      const total = toCents(line.price) * BigInt(quantity)
      const amount = fromCents(total)
      // The gateway takes at most 8 characters (fields.ts): 99999.99.
      if (amount.length > 8) {
        throw new ValidationError({
          param: 'quantity',
          message: 'The total is too large for one payment. Order fewer.',
        })
      }
      return {
        sku,
        quantity,
        amount,
        currency: line.currency ?? file.currency ?? 'HKD',
        subject: quantity === 1 ? line.subject : `${line.subject} x ${quantity}`,
        ...(line.body ? { body: line.body } : {}),
      }
    },
  }
}

/** Loads a catalog from a `.json`, `.yaml` or `.yml` file. */
export function loadCatalogFile(path: string): Catalog {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new CatalogError(`CATALOG_FILE ${path} cannot be read: check the path.`)
  }
  let data: unknown
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text)
  } catch (error) {
    throw new CatalogError(
      `CATALOG_FILE ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    )
  }
  return createCatalog(data, `CATALOG_FILE ${path}`)
}

/** An empty catalog: every sku is unknown (live mode without CATALOG_FILE). */
export function emptyCatalog(): Catalog {
  return {
    skus: () => [],
    price(sku) {
      throw new ValidationError({
        code: 'unknown_sku',
        param: 'sku',
        message: `There is no product "${sku.slice(0, 64)}": this signer has no catalog. Create sessions from your backend, or set CATALOG_FILE.`,
      })
    },
  }
}

/** The catalog for a configuration: CATALOG_FILE, else the demo catalog in sandbox mode, else none. */
export function catalogFor(config: Pick<Config, 'catalogFile' | 'mode'>): Catalog {
  if (config.catalogFile) return loadCatalogFile(config.catalogFile)
  if (config.mode === 'sandbox') return createCatalog(demoCatalog, 'the demo catalog')
  return emptyCatalog()
}
