import { GatewayError } from '../../gateway/gateway-error.js'
import type { Db } from '../../store/db.js'
import {
  deletePayment,
  findPayment,
  markPlaced,
  type StoredPayment,
  setDispatch,
} from '../../store/payments.js'
import type { Core } from '../context.js'
import { applyPaymentStatus } from '../state-changes.js'
import { sendingUntil } from './decide-start.js'

/**
 * The named moves of a payment's gateway order (store/payments.ts `Dispatch`), the only code that
 * writes it. An attempt is stored `sending` (attempts.ts) before its one order call; then:
 * - sending → placed: eftPay's verified reply is stored (`recordPlaced`, `recordTokenReply`), or
 *   eftPay refused the PreOrder and the payment fails at once (`recordFailedCall`);
 * - sending → unknown: the call failed with no clear answer (`recordFailedCall`);
 * - sending → (gone): the request never left the signer (`recordFailedCall`);
 * - unknown, or sending past its lease → sending: eftPay has no such order, so the same number is
 *   sent again (`leaseAgain`);
 * - → abandoned: eftPay holds the order but its pay link never reached us (`abandon`).
 * What a start does with each state is decided in decide-start.ts.
 */

/** sending → placed: the PreOrder's verified reply and its pay link; the row as stored now. */
export async function recordPlaced(
  db: Db,
  paymentId: string,
  eftTradeNo: string,
  payLink: NonNullable<StoredPayment['nextAction']>,
  now: Date,
): Promise<StoredPayment> {
  // The stored row as it is now, from the same statement (RETURNING).
  return (await markPlaced(
    db,
    paymentId,
    eftTradeNo,
    payLink.type,
    payLink.url,
    now,
  )) as StoredPayment
}

/**
 * sending → placed: a token payment was answered. What the reply says of the money is applied by
 * the caller in the same transaction (token-payment.ts); a token order has no pay link.
 */
export function recordTokenReply(tx: Db, paymentId: string, now: Date): Promise<void> {
  return setDispatch(tx, paymentId, 'placed', undefined, now)
}

/** unknown (or sending past its lease) → sending: eftPay has no such order; sent again. */
export function leaseAgain(core: Core, paymentId: string): Promise<void> {
  const now = core.clock()
  return setDispatch(core.db, paymentId, 'sending', sendingUntil(core.options, now), now)
}

/** → abandoned: eftPay holds the order, still pending, but its pay link never reached us. */
export function abandon(tx: Db, paymentId: string, now: Date): Promise<void> {
  return setDispatch(tx, paymentId, 'abandoned', undefined, now)
}

/**
 * Records what a failed order call means for its payment: never sent, refused, or unknown.
 * `refusalEnds`: a refused PreOrder fails at once (the shopper never got a pay link, so no money
 * can have moved); a refused token payment does not (the card may have been charged: its outcome
 * is unknown and eftPay is asked, token-payment.ts).
 */
export async function recordFailedCall(
  core: Core,
  payment: StoredPayment,
  error: unknown,
  now: Date,
  { refusalEnds = true }: { refusalEnds?: boolean } = {},
): Promise<void> {
  const { db, clock, logger } = core
  if (error instanceof GatewayError && error.kind === 'invalid-request') {
    // Nothing was sent: the attempt never existed at eftPay.
    await deletePayment(db, payment.id)
    return
  }
  if (error instanceof GatewayError && error.kind === 'rejected' && refusalEnds) {
    logger.warn(
      { payment_id: payment.id, return_status: error.returnStatus, return_char: error.returnChar },
      'eftPay refused the PreOrder',
    )
    await db.transaction(async (tx) => {
      await setDispatch(tx, payment.id, 'placed', undefined, now)
      await applyPaymentStatus(
        core,
        tx,
        (await findPayment(tx, payment.id)) as StoredPayment,
        'failed',
      )
    })
    return
  }
  // Timeout, network, 5xx, malformed or badly signed reply (or a refused token payment): the
  // order may exist. Keep it pending; a retry queries it first and the reconciler follows it
  // (never a second number meanwhile).
  logger.warn(
    {
      payment_id: payment.id,
      kind: error instanceof GatewayError ? error.kind : 'internal',
      ...(error instanceof GatewayError && error.returnStatus
        ? { return_status: error.returnStatus }
        : {}),
    },
    'order outcome unknown',
  )
  await setDispatch(db, payment.id, 'unknown', undefined, clock())
}
