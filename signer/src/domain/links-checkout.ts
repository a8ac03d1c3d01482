import type { Catalog } from '../catalog/catalog.js'
import { fromCents, isAmount, normalizeAmount, toCents } from '../money.js'
import {
  attachSessionToLink,
  countPlacesTaken,
  type LinkRecord,
  lockAndReadLink,
} from '../store/links.js'
import type { Core } from './context.js'
import { createSession } from './sessions.js'
import type { CreateSessionInput, SessionRecord } from './types.js'

/**
 * A shopper choosing to pay on a link's page (an explicit POST: opening the page creates nothing).
 * The link's state and its payment limit are checked, and the session created, in one transaction
 * holding the link's row lock, so 50 shoppers on the last place get one session
 * (docs/api.md "The payment limit").
 */

export type LinkUnavailable = 'inactive' | 'expired' | 'sold_out'

export class LinkUnavailableError extends Error {
  constructor(readonly reason: LinkUnavailable) {
    super(`payment link ${reason}`)
    this.name = 'LinkUnavailableError'
  }
}

/** A shopper's choice the signer refuses; `param` is the form field, the page words it. */
export class LinkChoiceError extends Error {
  constructor(
    readonly param: string,
    readonly problem:
      | { kind: 'amountFormat' }
      | { kind: 'amountOutside'; min: string; max: string }
      | { kind: 'quantityOutside'; min: number; max: number },
  ) {
    super(`${param}: ${problem.kind}`)
    this.name = 'LinkChoiceError'
  }
}

/** What the shopper sent: a quantity per adjustable line (`quantity_<i>`), or an `amount`. */
export interface LinkChoice {
  quantities: ReadonlyMap<number, string>
  amount?: string | undefined
}

/** Why a link cannot be paid now, or undefined (without the limit: that needs the lock). */
export function unavailableReason(link: LinkRecord, now: Date): LinkUnavailable | undefined {
  if (!link.active) return 'inactive'
  if (link.expiresAt && link.expiresAt.getTime() <= now.getTime()) return 'expired'
  return undefined
}

/** The amount, subject and body the shopper's choice makes; throws `LinkChoiceError`. */
export function priceChoice(
  link: LinkRecord,
  catalog: Catalog,
  choice: LinkChoice,
): Pick<CreateSessionInput, 'amount' | 'subject' | 'body'> {
  if (link.kind === 'fixed') return { amount: link.amount as string, subject: link.subject }
  if (link.kind === 'custom') {
    const raw = (choice.amount ?? '').trim()
    if (!isAmount(raw) || raw.length > 8)
      throw new LinkChoiceError('amount', { kind: 'amountFormat' })
    const [min, max] = [link.minAmount as string, link.maxAmount as string]
    const cents = toCents(raw)
    if (cents < toCents(min) || cents > toCents(max))
      throw new LinkChoiceError('amount', { kind: 'amountOutside', min, max })
    return { amount: normalizeAmount(raw), subject: link.subject }
  }
  let total = 0n
  const lines: string[] = []
  for (const [i, item] of (link.lineItems ?? []).entries()) {
    let quantity = item.quantity
    if (item.adjustable) {
      const raw = choice.quantities.get(i)
      const { minimum, maximum } = item.adjustable
      const n = raw === undefined ? item.quantity : Number(raw)
      if (!Number.isInteger(n) || n < minimum || n > maximum)
        throw new LinkChoiceError(`quantity_${i}`, {
          kind: 'quantityOutside',
          min: minimum,
          max: maximum,
        })
      quantity = n
    }
    const priced = catalog.price(item.sku, quantity)
    total += toCents(priced.amount)
    lines.push(priced.subject)
  }
  const body = lines.join(', ')
  return {
    amount: fromCents(total),
    subject: link.subject,
    ...(body ? { body: body.length > 100 ? `${body.slice(0, 99)}…` : body } : {}),
  }
}

export async function checkoutLink(
  core: Core,
  catalog: Catalog,
  linkId: string,
  choice: LinkChoice,
): Promise<SessionRecord | undefined> {
  return core.db.transaction(async (tx) => {
    const link = await lockAndReadLink(tx, linkId)
    if (!link) return undefined
    const now = core.clock()
    const reason = unavailableReason(link, now)
    if (reason) throw new LinkUnavailableError(reason)
    const priced = priceChoice(link, catalog, choice)
    if (
      link.maxPayments !== undefined &&
      (await countPlacesTaken(tx, link.id, now)) >= link.maxPayments
    )
      throw new LinkUnavailableError('sold_out')
    const session = await createSession(
      core,
      {
        ...priced,
        currency: link.currency,
        successUrl:
          link.afterPayment.type === 'redirect'
            ? link.afterPayment.url
            : `${core.publicUrl}/l/${link.id}/done`,
        cancelUrl: `${core.publicUrl}/l/${link.id}`,
        expiresIn: core.options.defaultSessionTtlSeconds,
      },
      tx,
    )
    await attachSessionToLink(tx, session.id, link.id)
    return { ...session, linkId: link.id }
  })
}
