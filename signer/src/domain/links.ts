import { randomBytes } from 'node:crypto'
import type { Catalog } from '../catalog/catalog.js'
import type { CreateLinkBody, PaymentLinkJson, UpdateLinkBody } from '../contract/links.js'
import { ValidationError } from '../errors.js'
import { normalizeAmount, toCents } from '../money.js'
import type { Db } from '../store/db.js'
import {
  countPlacesTaken,
  findLink,
  insertLink,
  type LinkRecord,
  listLinks,
  saveLink,
} from '../store/links.js'
import type { Core } from './context.js'
import {
  checkoutLink,
  type LinkChoice,
  type LinkUnavailable,
  unavailableReason,
} from './links-checkout.js'
import type { SessionRecord } from './types.js'

/**
 * Payment links (docs/api.md "Payment links"): a page at `PUBLIC_URL/l/<id>` priced one of three
 * ways (a fixed amount, catalog items, or an amount the shopper picks inside the merchant's range),
 * with an optional expiry and payment limit. Links are deactivated, never deleted, so every session
 * started from one keeps a link to look at.
 */

export const LIST_LIMIT = 100

const invalid = (param: string, message: string) => new ValidationError({ param, message })

/** The business rules the body's schema cannot say; the error names the field. */
function checkLinkBody(body: CreateLinkBody, catalog: Catalog, now: Date): void {
  const ways = (['amount', 'line_items', 'custom_amount'] as const).filter((k) => body[k])
  if (ways.length !== 1) {
    throw new ValidationError({
      code: ways.length === 0 ? 'missing_field' : 'invalid_field',
      param: ways[1] ?? 'amount',
      message:
        'Send exactly one of amount (a fixed amount), line_items (catalog items) or custom_amount (the shopper chooses within a range).',
    })
  }
  if (!body.line_items && !body.subject)
    throw new ValidationError({
      code: 'missing_field',
      param: 'subject',
      message: 'subject is required: what the shopper pays for.',
    })
  const range = body.custom_amount
  if (range && toCents(range.minimum) > toCents(range.maximum))
    throw invalid('custom_amount.maximum', 'custom_amount.maximum must be at least the minimum.')
  body.line_items?.forEach((item, i) => {
    const adjustable = item.adjustable_quantity
    if (adjustable && adjustable.minimum > adjustable.maximum)
      throw invalid(
        `line_items.${i}.adjustable_quantity.maximum`,
        `line_items.${i}.adjustable_quantity.maximum must be at least the minimum.`,
      )
    if (adjustable && (item.quantity < adjustable.minimum || item.quantity > adjustable.maximum))
      throw invalid(
        `line_items.${i}.quantity`,
        `line_items.${i}.quantity must be within its adjustable_quantity.`,
      )
    try {
      const priced = catalog.price(item.sku, adjustable?.maximum ?? item.quantity)
      if (priced.currency !== body.currency)
        throw invalid(`line_items.${i}.sku`, `line_items.${i}.sku is priced in ${priced.currency}.`)
    } catch (error) {
      if (error instanceof ValidationError && error.param && !error.param.startsWith('line_items'))
        throw new ValidationError({
          code: error.code,
          param: `line_items.${i}.${error.param}`,
          message: `line_items.${i}: ${error.message}`,
        })
      throw error
    }
  })
  if (body.expires_at && Date.parse(body.expires_at) <= now.getTime())
    throw invalid('expires_at', 'expires_at must be in the future.')
}

export function linkJson(
  link: LinkRecord,
  publicUrl: string,
  placesTaken: number,
): PaymentLinkJson {
  return {
    id: link.id,
    object: 'payment_link',
    active: link.active,
    url: `${publicUrl}/l/${link.id}`,
    subject: link.subject,
    currency: link.currency,
    amount: link.amount ?? null,
    line_items:
      link.lineItems?.map((item) => ({
        sku: item.sku,
        quantity: item.quantity,
        adjustable_quantity: item.adjustable ?? null,
      })) ?? null,
    custom_amount:
      link.minAmount && link.maxAmount
        ? { minimum: link.minAmount, maximum: link.maxAmount }
        : null,
    expires_at: link.expiresAt?.toISOString() ?? null,
    max_payments: link.maxPayments ?? null,
    places_taken: placesTaken,
    after_payment: link.afterPayment,
    created_at: link.createdAt.toISOString(),
    updated_at: link.updatedAt.toISOString(),
  }
}

export interface LinksService {
  create(body: CreateLinkBody): Promise<PaymentLinkJson>
  get(id: string): Promise<PaymentLinkJson | undefined>
  list(): Promise<{ data: PaymentLinkJson[]; hasMore: boolean }>
  update(id: string, body: UpdateLinkBody): Promise<PaymentLinkJson | undefined>
  find(id: string): Promise<LinkRecord | undefined>
  /** Why the link's page cannot take a payment now (the limit included), or undefined. */
  unavailable(link: LinkRecord): Promise<LinkUnavailable | undefined>
  /** A shopper chose to pay: the session, or undefined for no such link (links-checkout.ts). */
  checkout(id: string, choice: LinkChoice): Promise<SessionRecord | undefined>
}

export function createLinksService(core: Core, catalog: Catalog): LinksService {
  const json = async (db: Db, link: LinkRecord) =>
    linkJson(link, core.publicUrl, await countPlacesTaken(db, link.id, core.clock()))
  return {
    async create(body) {
      const now = core.clock()
      checkLinkBody(body, catalog, now)
      const firstItem = body.line_items?.[0]
      const link: LinkRecord = {
        id: `pl_${randomBytes(8).toString('hex')}`,
        active: true,
        kind: body.amount ? 'fixed' : body.line_items ? 'items' : 'custom',
        subject: body.subject ?? (firstItem ? catalog.price(firstItem.sku, 1).subject : 'Payment'),
        currency: body.currency,
        amount: body.amount ? normalizeAmount(body.amount) : undefined,
        lineItems: body.line_items?.map((item) => ({
          sku: item.sku,
          quantity: item.quantity,
          ...(item.adjustable_quantity ? { adjustable: item.adjustable_quantity } : {}),
        })),
        minAmount: body.custom_amount ? normalizeAmount(body.custom_amount.minimum) : undefined,
        maxAmount: body.custom_amount ? normalizeAmount(body.custom_amount.maximum) : undefined,
        expiresAt: body.expires_at ? new Date(body.expires_at) : undefined,
        maxPayments: body.max_payments,
        afterPayment: body.after_payment ?? { type: 'message', message: '' },
        createdAt: now,
        updatedAt: now,
      }
      await insertLink(core.db, link)
      return json(core.db, link)
    },
    async get(id) {
      const link = await findLink(core.db, id)
      return link && json(core.db, link)
    },
    async list() {
      const links = await listLinks(core.db, LIST_LIMIT + 1)
      const data = await Promise.all(links.slice(0, LIST_LIMIT).map((l) => json(core.db, l)))
      return { data, hasMore: links.length > LIST_LIMIT }
    },
    async update(id, body) {
      const link = await findLink(core.db, id)
      if (!link) return undefined
      const now = core.clock()
      if (body.expires_at && Date.parse(body.expires_at) <= now.getTime())
        throw invalid('expires_at', 'expires_at must be in the future.')
      const updated: LinkRecord = {
        ...link,
        active: body.active === false ? false : link.active,
        subject: body.subject ?? link.subject,
        expiresAt:
          body.expires_at === undefined
            ? link.expiresAt
            : body.expires_at === null
              ? undefined
              : new Date(body.expires_at),
        maxPayments:
          body.max_payments === undefined ? link.maxPayments : (body.max_payments ?? undefined),
        afterPayment: body.after_payment ?? link.afterPayment,
        updatedAt: now,
      }
      await saveLink(core.db, updated)
      return json(core.db, updated)
    },
    find: (id) => findLink(core.db, id),
    async unavailable(link) {
      const now = core.clock()
      const reason = unavailableReason(link, now)
      if (reason || link.maxPayments === undefined) return reason
      return (await countPlacesTaken(core.db, link.id, now)) >= link.maxPayments
        ? 'sold_out'
        : undefined
    },
    checkout: (id, choice) => checkoutLink(core, catalog, id, choice),
  }
}
