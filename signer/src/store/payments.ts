import type {
  BuyerType,
  Currency,
  NextActionType,
  PaymentStatus,
  PayScene,
  PayType,
  TokenWallet,
  WalletCode,
} from '../contract/vocabulary.js'
import { skipLocked } from './claims.js'
import type { Db, Row } from './db.js'
import type { PaymentRecord } from './records.js'
import { date, int, optionalDate, optionalText, placeholders, text } from './rows.js'

/**
 * Where the gateway order of a payment stands, independent of its money status:
 * - `sending`: the PreOrder is in flight (until `dispatchUntil`); nobody else may send it.
 * - `placed`: eftPay's verified reply is stored (eft_trade_no, next action).
 * - `unknown`: the call failed without a clear answer (timeout, 5xx...): the order may exist, so it
 *   is queried before anything else is sent under a new number.
 * - `abandoned`: the order exists but its pay link never reached us; it is still followed to a
 *   final state, but no longer answered to the shopper.
 */
export type Dispatch = 'sending' | 'placed' | 'unknown' | 'abandoned'

/** A payment as stored: the public record plus the route it was placed with (refunds reuse it). */
export interface StoredPayment extends PaymentRecord {
  payType: PayType
  payScene: PayScene
  buyerType: BuyerType
  /** service + pay_scene: one usable pending payment per (session, wallet, route). */
  routeKey: string
  refundService: string
  dispatch: Dispatch
  dispatchUntil?: Date
  lastQueriedAt?: Date
  /**
   * Queries in a row that brought no final answer (unanswered, or a status that is not final past
   * the order's active time); the reconciler waits until `nextQueryAt` after each.
   */
  queryFailures: number
  nextQueryAt?: Date
}

const COLUMNS = [
  'id',
  'session_id',
  'wallet',
  'service',
  'pay_type',
  'pay_scene',
  'buyer_type',
  'route_key',
  'refund_service',
  'out_trade_no',
  'eft_trade_no',
  'status',
  'amount',
  'currency',
  'next_action_type',
  'next_action_url',
  'dispatch',
  'dispatch_until',
  'expires_at',
  'created_at',
  'updated_at',
  'last_queried_at',
] as const

export function paymentFromRow(row: Row): StoredPayment {
  const actionType = optionalText(row.next_action_type) as NextActionType | undefined
  const actionUrl = optionalText(row.next_action_url)
  return {
    id: text(row.id),
    sessionId: text(row.session_id),
    wallet: text(row.wallet) as WalletCode | TokenWallet,
    service: text(row.service),
    payType: text(row.pay_type) as StoredPayment['payType'],
    payScene: text(row.pay_scene) as StoredPayment['payScene'],
    buyerType: text(row.buyer_type) as StoredPayment['buyerType'],
    routeKey: text(row.route_key),
    refundService: text(row.refund_service),
    outTradeNo: text(row.out_trade_no),
    eftTradeNo: optionalText(row.eft_trade_no),
    status: text(row.status) as PaymentStatus,
    amount: text(row.amount),
    currency: text(row.currency) as Currency,
    nextAction: actionType && actionUrl ? { type: actionType, url: actionUrl } : undefined,
    dispatch: text(row.dispatch) as Dispatch,
    dispatchUntil: optionalDate(row.dispatch_until),
    expiresAt: date(row.expires_at),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    lastQueriedAt: optionalDate(row.last_queried_at),
    queryFailures: row.query_failures === undefined ? 0 : int(row.query_failures),
    nextQueryAt: optionalDate(row.next_query_at),
    needsAttentionAt: optionalDate(row.needs_attention_at),
  }
}

export async function insertPayment(db: Db, p: StoredPayment): Promise<void> {
  await db.execute(
    `INSERT INTO payments (${COLUMNS.join(', ')}) VALUES (${placeholders(COLUMNS.length)})`,
    [
      p.id,
      p.sessionId,
      p.wallet,
      p.service,
      p.payType,
      p.payScene,
      p.buyerType,
      p.routeKey,
      p.refundService,
      p.outTradeNo,
      p.eftTradeNo ?? null,
      p.status,
      p.amount,
      p.currency,
      p.nextAction?.type ?? null,
      p.nextAction?.url ?? null,
      p.dispatch,
      p.dispatchUntil?.getTime() ?? null,
      p.expiresAt.getTime(),
      p.createdAt.getTime(),
      p.updatedAt.getTime(),
      p.lastQueriedAt?.getTime() ?? null,
    ],
  )
}

export async function findPayment(db: Db, id: string): Promise<StoredPayment | undefined> {
  const [row] = await db.query('SELECT * FROM payments WHERE id = ?', [id])
  return row ? paymentFromRow(row) : undefined
}

export async function findPaymentByOutTradeNo(
  db: Db,
  outTradeNo: string,
): Promise<StoredPayment | undefined> {
  const [row] = await db.query('SELECT * FROM payments WHERE out_trade_no = ?', [outTradeNo])
  return row ? paymentFromRow(row) : undefined
}

export async function listSessionPayments(db: Db, sessionId: string): Promise<StoredPayment[]> {
  const rows = await db.query(
    'SELECT * FROM payments WHERE session_id = ? ORDER BY created_at, id',
    [sessionId],
  )
  return rows.map(paymentFromRow)
}

/** The pending payments of a session on one wallet and route, newest first (idempotency lookup). */
export async function findPendingForRoute(
  db: Db,
  sessionId: string,
  wallet: string,
  routeKey: string,
): Promise<StoredPayment[]> {
  // Sorted here, not by ORDER BY: with an ORDER BY on created_at, SQLite (no statistics) prefers
  // payments_status_created, which serves the order, and scans every pending payment of every
  // session; without it, payments_session_route (migration 2) finds the few rows directly.
  const rows = await db.query(
    `SELECT * FROM payments WHERE session_id = ? AND wallet = ? AND route_key = ? AND status = 'pending'
       AND dispatch <> 'abandoned'`,
    [sessionId, wallet, routeKey],
  )
  return rows.map(paymentFromRow).sort(newestFirst)
}

/** created_at descending, then id descending (ids are not ordered; this only makes ties stable). */
function newestFirst(a: StoredPayment, b: StoredPayment): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime()
  if (byTime !== 0) return byTime
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/** Records the gateway's accepted reply; returns the payment as stored now (undefined if it is gone). */
export async function markPlaced(
  db: Db,
  id: string,
  eftTradeNo: string,
  type: NextActionType,
  url: string,
  now: Date,
): Promise<StoredPayment | undefined> {
  const [row] = await db.query(
    `UPDATE payments SET dispatch = 'placed', dispatch_until = NULL, eft_trade_no = ?, next_action_type = ?,
       next_action_url = ?, updated_at = ? WHERE id = ? RETURNING *`,
    [eftTradeNo, type, url, now.getTime(), id],
  )
  return row ? paymentFromRow(row) : undefined
}

/** Sets the dispatch state (and its lease when `sending`). */
export async function setDispatch(
  db: Db,
  id: string,
  dispatch: Dispatch,
  until: Date | undefined,
  now: Date,
): Promise<void> {
  await db.execute(
    'UPDATE payments SET dispatch = ?, dispatch_until = ?, updated_at = ? WHERE id = ?',
    [dispatch, until?.getTime() ?? null, now.getTime(), id],
  )
}

/**
 * Moves a payment between statuses only if it is still in `from` (recording the eftPay number when
 * the gateway told us one) and returns it as it is after the move, in one statement, or undefined
 * when it did not move. A flag for a person goes with the uncertainty it was about.
 */
export async function movePayment(
  db: Db,
  id: string,
  from: PaymentStatus,
  to: PaymentStatus,
  eftTradeNo: string | undefined,
  now: Date,
): Promise<StoredPayment | undefined> {
  const [row] = await db.query(
    `UPDATE payments SET status = ?, eft_trade_no = COALESCE(eft_trade_no, ?), updated_at = ?, needs_attention_at = NULL
       WHERE id = ? AND status = ? RETURNING *`,
    [to, eftTradeNo ?? null, now.getTime(), id, from],
  )
  return row ? paymentFromRow(row) : undefined
}

export async function touchQueried(db: Db, id: string, now: Date): Promise<void> {
  await db.execute('UPDATE payments SET last_queried_at = ? WHERE id = ?', [now.getTime(), id])
}

/** A query the gateway could not answer: the reconciler leaves this payment alone until `next`. */
export async function deferNextQuery(db: Db, id: string, next: Date): Promise<void> {
  await db.execute(
    'UPDATE payments SET query_failures = query_failures + 1, next_query_at = ? WHERE id = ?',
    [next.getTime(), id],
  )
}

/** The gateway answered a query again: the reconciler's normal pace resumes. */
export async function clearQueryBackoff(db: Db, id: string): Promise<void> {
  await db.execute('UPDATE payments SET query_failures = 0, next_query_at = NULL WHERE id = ?', [
    id,
  ])
}

export async function deletePayment(db: Db, id: string): Promise<void> {
  await db.execute('DELETE FROM payments WHERE id = ?', [id])
}

export async function countPendingForSession(db: Db, sessionId: string): Promise<number> {
  const [row] = await db.query(
    "SELECT COUNT(*) AS n FROM payments WHERE session_id = ? AND status = 'pending'",
    [sessionId],
  )
  return Number(row?.n ?? 0)
}

/**
 * Flags pending payments created at or before `cutoff` and not flagged yet (`needs_attention_at =
 * now`) and returns them, oldest first: one UPDATE, so with several instances each is flagged once.
 * Call it in the transaction that writes their events.
 */
export async function flagPendingPayments(
  tx: Db,
  cutoff: Date,
  now: Date,
  limit = 100,
): Promise<StoredPayment[]> {
  const rows = await tx.query(
    `UPDATE payments SET needs_attention_at = ? WHERE id IN (
       SELECT id FROM payments WHERE status = 'pending' AND needs_attention_at IS NULL AND attention_resolved_at IS NULL
         AND created_at <= ?
       ORDER BY created_at LIMIT ?${skipLocked(tx)})
     RETURNING *`,
    [now.getTime(), cutoff.getTime(), limit],
  )
  return rows.map(paymentFromRow).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
}

/** Pending payments flagged as needing a person, longest flagged first (at most `limit`). */
export async function listPaymentsNeedingAttention(
  db: Db,
  limit: number,
): Promise<StoredPayment[]> {
  const rows = await db.query(
    `SELECT * FROM payments WHERE status IN ('pending', 'succeeded') AND needs_attention_at IS NOT NULL
       ORDER BY needs_attention_at, created_at, id LIMIT ?`,
    [limit],
  )
  return rows.map(paymentFromRow)
}

/** How many pending payments are flagged as needing a person (the metric). */
export async function countPaymentsNeedingAttention(db: Db): Promise<number> {
  const [row] = await db.query(
    "SELECT COUNT(*) AS n FROM payments WHERE status = 'pending' AND needs_attention_at IS NOT NULL",
  )
  return Number(row?.n ?? 0)
}
