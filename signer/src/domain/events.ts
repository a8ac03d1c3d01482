import type { Db } from '../store/db.js'
import { listSessionPayments } from '../store/payments.js'
import { listSessionRefunds } from '../store/refunds.js'
import { findSession } from '../store/sessions.js'
import { type EventType, enqueueEvent } from '../webhooks/outbox.js'
import type { Core } from './context.js'
import { paymentJson, refundJson, sessionJson } from './serialize.js'
import type { PaymentRecord, RefundRecord, SessionWithChildren } from './types.js'

/**
 * Writes a merchant webhook event in the caller's transaction (docs/api.md "Merchant webhooks"):
 * `data.session` is the merchant view with its payments and refunds as they are after the change,
 * plus the payment and/or refund the event is about.
 */
export async function emit(
  core: Pick<Core, 'ids' | 'clock'>,
  tx: Db,
  type: EventType,
  about: { sessionId: string; payment?: PaymentRecord; refund?: RefundRecord },
): Promise<void> {
  const session = await findSession(tx, about.sessionId)
  if (!session) throw new Error(`event ${type} for a missing session`)
  const [payments, refunds] = [
    await listSessionPayments(tx, session.id),
    await listSessionRefunds(tx, session.id),
  ]
  await emitSnapshot(core, tx, type, { session, payments, refunds }, about)
}

/**
 * `emit` for a caller that already holds the session, its payments and its refunds as they are
 * after the change, read in this transaction (the hot notification path: no re-reads).
 */
export async function emitSnapshot(
  core: Pick<Core, 'ids' | 'clock'>,
  tx: Db,
  type: EventType,
  snapshot: SessionWithChildren,
  about: { payment?: PaymentRecord; refund?: RefundRecord },
): Promise<void> {
  await enqueueEvent(tx, {
    id: core.ids.event(),
    type,
    now: core.clock(),
    data: {
      session: sessionJson(snapshot),
      ...(about.payment ? { payment: paymentJson(about.payment) } : {}),
      ...(about.refund ? { refund: refundJson(about.refund) } : {}),
    },
  })
}
