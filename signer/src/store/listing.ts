import type { PaymentStatus, RefundStatus, SessionStatus } from '../domain/types.js'
import type { Db } from './db.js'
import { type Condition, condition, keysetRows } from './keyset.js'
import { paymentFromRow, type StoredPayment } from './payments.js'
import { refundFromRow, type StoredRefund } from './refunds.js'
import { placeholders } from './rows.js'
import { type StoredSession, sessionFromRow } from './sessions.js'

/**
 * The merchant lists of sessions, payments and refunds (docs/api.md "GET /v1/sessions"): filters
 * and the exact-match search `q`, newest first by keyset (keyset.ts). The console's server and the
 * API's routes both call these through domain/listing.ts.
 */

export interface ListFilter {
  createdGte?: Date
  createdLt?: Date
  /** Exact match on any id, the merchant's reference, out_trade_no, eft_trade_no. */
  q?: string
  /** `q` as a canonical amount ("128.00") when it reads as one: also matched against amounts. */
  qAmount?: string
  after?: { createdAt: number; id: string }
  limit: number
}

function dateRange(f: ListFilter): Condition[] {
  const out: Condition[] = []
  if (f.createdGte) out.push(condition('created_at >= ?', f.createdGte.getTime()))
  if (f.createdLt) out.push(condition('created_at < ?', f.createdLt.getTime()))
  return out
}

/** Sessions whose merchant reference is `q` (for the payment and refund searches). */
const byReference = (column: string, q: string) =>
  condition(`${column} IN (SELECT id FROM sessions WHERE reference = ?)`, q)

/** Sessions whose payment is `q` by id, out_trade_no or eftPay's order number. */
const paymentLookups = (column: string, q: string): Condition[] => [
  condition(`${column} IN (SELECT session_id FROM payments WHERE id = ?)`, q),
  condition(`${column} IN (SELECT session_id FROM payments WHERE out_trade_no = ?)`, q),
  condition(`${column} IN (SELECT session_id FROM payments WHERE eft_trade_no = ?)`, q),
]

export async function listSessionRows(
  db: Db,
  f: ListFilter & { status?: SessionStatus; wallet?: string },
): Promise<StoredSession[]> {
  const where = dateRange(f)
  if (f.status) where.push(condition('status = ?', f.status))
  if (f.wallet)
    where.push(
      condition(
        'EXISTS (SELECT 1 FROM payments WHERE payments.session_id = sessions.id AND payments.wallet = ?)',
        f.wallet,
      ),
    )
  const anyOf = f.q
    ? [
        condition('id = ?', f.q),
        condition('reference = ?', f.q),
        ...paymentLookups('id', f.q),
        condition('id IN (SELECT session_id FROM refunds WHERE id = ?)', f.q),
        ...(f.qAmount ? [condition('amount = ?', f.qAmount)] : []),
      ]
    : undefined
  const rows = await keysetRows(db, {
    table: 'sessions',
    where,
    ...(anyOf ? { anyOf } : {}),
    ...(f.after ? { after: f.after } : {}),
    limit: f.limit,
  })
  return rows.map(sessionFromRow)
}

export async function listPaymentRows(
  db: Db,
  f: ListFilter & { status?: PaymentStatus; wallet?: string },
): Promise<StoredPayment[]> {
  const where = dateRange(f)
  if (f.status) where.push(condition('status = ?', f.status))
  if (f.wallet) where.push(condition('wallet = ?', f.wallet))
  const anyOf = f.q
    ? [
        condition('id = ?', f.q),
        condition('out_trade_no = ?', f.q),
        condition('eft_trade_no = ?', f.q),
        condition('session_id = ?', f.q),
        byReference('session_id', f.q),
        condition('id IN (SELECT payment_id FROM refunds WHERE id = ?)', f.q),
        ...(f.qAmount ? [condition('amount = ?', f.qAmount)] : []),
      ]
    : undefined
  const rows = await keysetRows(db, {
    table: 'payments',
    where,
    ...(anyOf ? { anyOf } : {}),
    ...(f.after ? { after: f.after } : {}),
    limit: f.limit,
  })
  return rows.map(paymentFromRow)
}

export async function listRefundRows(
  db: Db,
  f: ListFilter & { status?: RefundStatus },
): Promise<StoredRefund[]> {
  const where = dateRange(f)
  if (f.status) where.push(condition('status = ?', f.status))
  const anyOf = f.q
    ? [
        condition('id = ?', f.q),
        condition('payment_id = ?', f.q),
        condition('session_id = ?', f.q),
        byReference('session_id', f.q),
        condition('payment_id IN (SELECT id FROM payments WHERE out_trade_no = ?)', f.q),
        condition('payment_id IN (SELECT id FROM payments WHERE eft_trade_no = ?)', f.q),
        ...(f.qAmount ? [condition('amount = ?', f.qAmount)] : []),
      ]
    : undefined
  const rows = await keysetRows(db, {
    table: 'refunds',
    where,
    ...(anyOf ? { anyOf } : {}),
    ...(f.after ? { after: f.after } : {}),
    limit: f.limit,
  })
  return rows.map(refundFromRow)
}

/** The payments and refunds of a page of sessions, in two queries (not two per session). */
export async function childrenOfSessions(
  db: Db,
  sessionIds: readonly string[],
): Promise<{ payments: StoredPayment[]; refunds: StoredRefund[] }> {
  if (sessionIds.length === 0) return { payments: [], refunds: [] }
  const list = placeholders(sessionIds.length)
  const payments = await db.query(
    `SELECT * FROM payments WHERE session_id IN (${list}) ORDER BY created_at, id`,
    sessionIds,
  )
  const refunds = await db.query(
    `SELECT * FROM refunds WHERE session_id IN (${list}) ORDER BY created_at, id`,
    sessionIds,
  )
  return { payments: payments.map(paymentFromRow), refunds: refunds.map(refundFromRow) }
}
