import { PermissionError } from '../errors.js'
import { toCents } from '../money.js'
import type { ConsoleRole } from '../store/console.js'

/**
 * Who may do what in the console (docs/architecture.md#the-merchant-console). Owner: everything,
 * users and refund limits included. Staff: read, and refund up to the limit the owner set (zero by
 * default). A new console action names its rule here, so the rules stay in one place.
 */

export type { ConsoleRole }

export const ROLES: readonly ConsoleRole[] = ['owner', 'staff']

/** The refund limit a new staff member starts with: nothing until the owner sets one. */
export const DEFAULT_STAFF_REFUND_LIMIT = '0.00'

export interface ConsoleUser {
  id: string
  name: string
  role: ConsoleRole
  /** Decimal string (money.ts); ignored for owners. */
  refundLimit: string
  /** The sandbox demo owner, signed in without a passkey (console/demo.ts). */
  demo: boolean
}

export function requireOwner(user: ConsoleUser): void {
  if (user.role !== 'owner')
    throw new PermissionError({
      code: 'owner_only',
      message: 'Only an owner may do this. Ask an owner of this console.',
    })
}

/** Refuses a refund above a staff member's limit; owners may refund any amount. */
export function requireRefundWithinLimit(user: ConsoleUser, amount: string): void {
  if (user.role === 'owner') return
  if (toCents(amount) <= toCents(user.refundLimit)) return
  throw new PermissionError({
    code: 'refund_above_limit',
    param: 'amount',
    message: `This refund is above your refund limit of ${user.refundLimit}. An owner can make it, or raise your limit.`,
  })
}
