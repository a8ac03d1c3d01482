import { formatGatewayTime } from '../gateway/hk-time.js'
import { type Notification, notification } from '../gateway/messages.js'
import { signPayload } from '../gateway/sign.js'
import { verify } from '../gateway/verify.js'
import type { Db } from '../store/db.js'
import { lockNotification } from '../store/locks.js'
import {
  findNotification,
  markNotification,
  type StoredNotification,
  storeNotification,
} from '../store/notifications.js'
import { findPaymentByOutTradeNo, type StoredPayment } from '../store/payments.js'
import { findSession } from '../store/sessions.js'
import type { Core } from './context.js'
import { queryPayment } from './query-payment.js'
import { sendRefundQuietly } from './send-refund.js'
import { applyTradeStatusTo, type PaymentApplied } from './state-changes.js'
import { checkStatedAmount, isAboutTheSale } from './stated-amount.js'
import type { NotificationOutcome } from './types.js'
import { successWithoutAmount } from './unconfirmed-success.js'
import { notificationKey, signedFields } from './verified-notification.js'

/** What comes back from eftPay: its notifications and the shopper's return (docs/protocol.md). */

/** `PaymentsService.handleNotification`: verify, store, apply once, and answer a signed ack. */
export async function handleNotification(
  core: Core,
  payload: Record<string, unknown>,
): Promise<NotificationOutcome> {
  const { db, clock, logger, secrets } = core
  const checked = verify(payload, secrets)
  if (!checked.ok) {
    logger.warn(
      // Only a string is echoed: String() of an arbitrary JSON object can throw ({"toString":false}).
      {
        reason: checked.reason,
        out_trade_no: typeof payload.out_trade_no === 'string' ? payload.out_trade_no : '',
      },
      'refused a notification: bad signature',
    )
    return { status: 400, ack: ack(core, 'false') }
  }
  logger.info({ variant: checked.variant }, 'notification signature verified')
  const parsed = notification.safeParse(payload)
  if (!parsed.success) {
    logger.warn(
      { field: parsed.error.issues[0]?.path.join('.') },
      'refused a signed notification: malformed',
    )
    return { status: 400, ack: ack(core, 'false') }
  }
  const n = parsed.data
  if (n.user_confirm_key !== core.userKey) {
    logger.warn(
      { out_trade_no: n.out_trade_no },
      'refused a notification for another user_confirm_key',
    )
    return { status: 400, ack: ack(core, 'false') }
  }
  // Keyed and stored by what the signature covers: padded copies of one payload are one row.
  const record: StoredNotification = {
    naturalKey: notificationKey(payload),
    outTradeNo: n.out_trade_no,
    tradeStatus: n.trade_status,
    payload: JSON.stringify(signedFields(payload, checked.variant)),
    variant: checked.variant,
    result: 'received',
    receivedAt: clock(),
  }
  // Stored before it is acknowledged (the gateway's word is the truth: keep it), in the same
  // transaction that applies it: one commit instead of two. Should applying fail, that
  // transaction rolls back and the notification is stored on its own below, as `received`,
  // exactly as if it had been stored first; either way nothing is acknowledged unstored.
  const applyStored = (tx: Db) => applyNotification(core, tx, n, record)
  let applied: Awaited<ReturnType<typeof applyStored>>
  try {
    applied = await db.transaction(applyStored)
  } catch (error) {
    await storeNotification(db, record).catch(() => undefined)
    throw error
  }
  if (applied && 'confirmByQuery' in applied) {
    // unconfirmed-success.ts: the query's verified answer decides, after the commit.
    await queryPayment(core, applied.confirmByQuery).catch((error: unknown) => {
      logger.warn(
        {
          out_trade_no: n.out_trade_no,
          error: error instanceof Error ? error.message : String(error),
        },
        'query after a success without amount failed: the reconciler asks again',
      )
    })
  } else if (applied?.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
  return { status: 200, ack: ack(core, 'success') }
}

/**
 * Stores a verified notification and applies it, in the caller's transaction. A repeat (same
 * natural key) is applied at most once: two instances handed it at once, the second waits on the
 * first's row (its insert or the lock) and then sees it applied.
 */
async function applyNotification(
  core: Core,
  tx: Db,
  n: Notification,
  record: StoredNotification,
): Promise<PaymentApplied | { confirmByQuery: StoredPayment } | undefined> {
  const { clock, logger } = core
  if (!(await storeNotification(tx, record))) {
    await lockNotification(tx, record.naturalKey)
    const stored = await findNotification(tx, record.naturalKey)
    if (stored?.appliedAt) return undefined // a repeat: already applied
  }
  const payment = await findPaymentByOutTradeNo(tx, n.out_trade_no)
  if (!payment) {
    logger.warn(
      { out_trade_no: n.out_trade_no },
      'notification for an unknown order: stored, not applied',
    )
    await markNotification(tx, record.naturalKey, 'unknown_payment', clock())
    return undefined
  }
  // Only a sale's notification moves a sale: a refund's (trade_type REFUND, page "Refund
  // Asynchronous Notification") carries the order's total_fee and a TRADE_CLOSED that means "fully
  // refunded", which would read as a failed sale. Refunds are followed by their own queries.
  if (!isAboutTheSale(n)) {
    logger.warn(
      { payment_id: payment.id, trade_type: n.trade_type, trade_status: n.trade_status },
      'a notification of another trade type: stored, not applied to the sale',
    )
    await markNotification(tx, record.naturalKey, 'not_a_sale', clock())
    return undefined
  }
  if (successWithoutAmount(n)) {
    logger.warn(
      { payment_id: payment.id, out_trade_no: n.out_trade_no },
      'a success notification without amount or currency: stored, not applied; querying eftPay',
    )
    await markNotification(tx, record.naturalKey, 'amount_missing', clock())
    return { confirmByQuery: payment }
  }
  // The same amount rule as queries and token replies (stated-amount.ts).
  if (checkStatedAmount(payment, { amount: n.total_fee, currency: n.currency }) === 'mismatch') {
    logger.error(
      {
        payment_id: payment.id,
        total_fee: n.total_fee,
        currency: n.currency,
        amount: payment.amount,
        expected_currency: payment.currency,
      },
      'NOTIFICATION AMOUNT OR CURRENCY DOES NOT MATCH THE PAYMENT: stored, not applied; investigate',
    )
    await markNotification(tx, record.naturalKey, 'amount_mismatch', clock())
    return undefined
  }
  const result = await applyTradeStatusTo(
    core,
    tx,
    payment,
    n.trade_status,
    n.eft_trade_no || n.eftpay_trade_no || undefined,
  )
  await markNotification(tx, record.naturalKey, 'applied', clock())
  return result
}

/** The acknowledgement eftPay expects, signed with the current secret (the first). */
function ack(core: Core, code: 'success' | 'false') {
  return signPayload(
    { return_code: code, time: formatGatewayTime(core.clock()) },
    core.secrets[0] as string,
  )
}

const PAID = new Set(['paid', 'partially_refunded', 'refunded'])

/**
 * `PaymentsService.handleReturn`: the shopper is back from eftPay; answers where to send them (the
 * session's `success_url` or `cancel_url`, with `session_id` added), or undefined for no session.
 * The payload is advisory: a verified one makes us ask eftPay now instead of later, and eftPay's own
 * signed word of a success of this session's order may choose the success page before the
 * notification lands. Anyone can type `?trade_status=TRADE_SUCCESS` into the address, so an
 * unsigned payload, or a signed one of another session's order (a replay), never does.
 */
export async function handleReturn(
  core: Core,
  sessionId: string,
  payload: Record<string, unknown>,
): Promise<string | undefined> {
  const { db, logger, secrets } = core
  if (!(await findSession(db, sessionId))) return undefined
  const verified =
    typeof payload.sign === 'string' &&
    typeof payload.out_trade_no === 'string' &&
    verify(payload, secrets).ok
  const payment = verified
    ? await findPaymentByOutTradeNo(db, payload.out_trade_no as string)
    : undefined
  const ours = payment?.sessionId === sessionId
  if (payment && ours && payment.status === 'pending') {
    await queryPayment(core, payment).catch((error: unknown) => {
      logger.warn(
        { payment_id: payment.id, error: error instanceof Error ? error.message : String(error) },
        'query on return failed',
      )
    })
  }
  const session = await findSession(db, sessionId)
  if (!session) return undefined
  const success = PAID.has(session.status) || (ours && payload.trade_status === 'TRADE_SUCCESS')
  const target = new URL(success ? session.successUrl : session.cancelUrl)
  target.searchParams.set('session_id', session.id)
  return target.toString()
}
