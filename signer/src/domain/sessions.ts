import { normalizeAmount } from '../money.js'
import type { Db } from '../store/db.js'
import { listSessionPayments } from '../store/payments.js'
import { listSessionRefunds } from '../store/refunds.js'
import { findSession, insertSession, type StoredSession } from '../store/sessions.js'
import type { Core } from './context.js'
import { validateSessionInput } from './session-input.js'
import type { CreateSessionInput, SessionRecord, SessionWithChildren } from './types.js'

/** `PaymentsService.createSession`: a new open session, priced and timed by the merchant. */
export async function createSession(
  core: Core,
  input: CreateSessionInput,
  /** A transaction to write in (a payment link's checkout, domain/links-checkout.ts). */
  db: Db = core.db,
): Promise<SessionRecord> {
  validateSessionInput(input)
  const now = core.clock()
  const id = core.ids.session()
  const session: StoredSession = {
    id,
    clientSecret: core.ids.clientSecret(id),
    status: 'open',
    amount: normalizeAmount(input.amount),
    currency: input.currency,
    subject: input.subject,
    body: input.body,
    reference: input.reference,
    successUrl: input.successUrl,
    cancelUrl: input.cancelUrl,
    sku: input.sku,
    quantity: input.quantity,
    amountPaid: '0.00',
    amountRefunded: '0.00',
    paymentAttempts: 0,
    refundCount: 0,
    expiresAt: new Date(
      now.getTime() + (input.expiresIn ?? core.options.defaultSessionTtlSeconds) * 1000,
    ),
    createdAt: now,
    updatedAt: now,
  }
  await insertSession(db, session)
  return session
}

/** `PaymentsService.getSession`: a session with its payments and refunds, or undefined. */
export async function getSession(core: Core, id: string): Promise<SessionWithChildren | undefined> {
  const session = await findSession(core.db, id)
  if (!session) return undefined
  return {
    session,
    payments: await listSessionPayments(core.db, id),
    refunds: await listSessionRefunds(core.db, id),
  }
}
