import type { Currency, SessionStatus } from '../contract/vocabulary.js'
import type { Db, Row } from './db.js'
import type { SessionRecord } from './records.js'
import { date, int, optionalInt, optionalText, placeholders, text } from './rows.js'

/** A session as stored: the public record plus the counters the money core needs. */
export interface StoredSession extends SessionRecord {
  /** The payment that paid it (the first success); later successes are refunded automatically. */
  paidPaymentId?: string
  /** Payment attempts so far: the counter in `out_trade_no`. */
  paymentAttempts: number
  /** Refunds so far: the counter in `out_refund_no`. */
  refundCount: number
  updatedAt: Date
}

const COLUMNS = [
  'id',
  'client_secret',
  'status',
  'amount',
  'currency',
  'subject',
  'body',
  'reference',
  'success_url',
  'cancel_url',
  'sku',
  'quantity',
  'amount_paid',
  'amount_refunded',
  'paid_payment_id',
  'payment_attempts',
  'refund_count',
  'expires_at',
  'created_at',
  'updated_at',
] as const

export function sessionFromRow(row: Row): StoredSession {
  return {
    id: text(row.id),
    clientSecret: text(row.client_secret),
    status: text(row.status) as SessionStatus,
    amount: text(row.amount),
    currency: text(row.currency) as Currency,
    subject: text(row.subject),
    body: optionalText(row.body),
    reference: optionalText(row.reference),
    successUrl: text(row.success_url),
    cancelUrl: text(row.cancel_url),
    sku: optionalText(row.sku),
    quantity: optionalInt(row.quantity),
    linkId: optionalText(row.link_id),
    amountPaid: text(row.amount_paid),
    amountRefunded: text(row.amount_refunded),
    paidPaymentId: optionalText(row.paid_payment_id),
    paymentAttempts: int(row.payment_attempts),
    refundCount: int(row.refund_count),
    expiresAt: date(row.expires_at),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

export async function insertSession(db: Db, s: StoredSession): Promise<void> {
  await db.execute(
    `INSERT INTO sessions (${COLUMNS.join(', ')}) VALUES (${placeholders(COLUMNS.length)})`,
    [
      s.id,
      s.clientSecret,
      s.status,
      s.amount,
      s.currency,
      s.subject,
      s.body ?? null,
      s.reference ?? null,
      s.successUrl,
      s.cancelUrl,
      s.sku ?? null,
      s.quantity ?? null,
      s.amountPaid,
      s.amountRefunded,
      s.paidPaymentId ?? null,
      s.paymentAttempts,
      s.refundCount,
      s.expiresAt.getTime(),
      s.createdAt.getTime(),
      s.updatedAt.getTime(),
    ],
  )
}

export async function findSession(db: Db, id: string): Promise<StoredSession | undefined> {
  const [row] = await db.query('SELECT * FROM sessions WHERE id = ?', [id])
  return row ? sessionFromRow(row) : undefined
}

/**
 * Moves a session from one status to another and sets the given columns, only if it is still in
 * `from` (so a race lost to another writer changes nothing). Returns whether it moved.
 */
export async function updateSessionStatus(
  db: Db,
  id: string,
  from: SessionStatus,
  to: SessionStatus,
  set: { amountPaid?: string; amountRefunded?: string; paidPaymentId?: string },
  now: Date,
): Promise<boolean> {
  const result = await db.execute(
    `UPDATE sessions SET status = ?, amount_paid = COALESCE(?, amount_paid), amount_refunded = COALESCE(?, amount_refunded),
       paid_payment_id = COALESCE(?, paid_payment_id), updated_at = ? WHERE id = ? AND status = ?`,
    [
      to,
      set.amountPaid ?? null,
      set.amountRefunded ?? null,
      set.paidPaymentId ?? null,
      now.getTime(),
      id,
      from,
    ],
  )
  return result.rowsAffected === 1
}

/** Sets `amount_refunded` without a status change (a refund on a still partially refunded session). */
export async function setAmountRefunded(
  db: Db,
  id: string,
  amountRefunded: string,
  now: Date,
): Promise<void> {
  await db.execute('UPDATE sessions SET amount_refunded = ?, updated_at = ? WHERE id = ?', [
    amountRefunded,
    now.getTime(),
    id,
  ])
}

/**
 * Like `updateSessionStatus`, and returns the session as it is after the move (one statement with
 * RETURNING instead of an UPDATE and a re-read), or undefined when it did not move.
 */
export async function moveSession(
  db: Db,
  id: string,
  from: SessionStatus,
  to: SessionStatus,
  set: { amountPaid?: string; amountRefunded?: string; paidPaymentId?: string },
  now: Date,
): Promise<StoredSession | undefined> {
  const [row] = await db.query(
    `UPDATE sessions SET status = ?, amount_paid = COALESCE(?, amount_paid), amount_refunded = COALESCE(?, amount_refunded),
       paid_payment_id = COALESCE(?, paid_payment_id), updated_at = ? WHERE id = ? AND status = ? RETURNING *`,
    [
      to,
      set.amountPaid ?? null,
      set.amountRefunded ?? null,
      set.paidPaymentId ?? null,
      now.getTime(),
      id,
      from,
    ],
  )
  return row ? sessionFromRow(row) : undefined
}

/** Takes the next payment-attempt number (call inside the transaction that inserts the payment). */
export async function nextPaymentAttempt(db: Db, id: string): Promise<number> {
  const [row] = await db.query(
    'UPDATE sessions SET payment_attempts = payment_attempts + 1 WHERE id = ? RETURNING payment_attempts',
    [id],
  )
  return int(row?.payment_attempts)
}

/** Takes the next refund number (call inside the transaction that inserts the refund). */
export async function nextRefundNumber(db: Db, id: string): Promise<number> {
  const [row] = await db.query(
    'UPDATE sessions SET refund_count = refund_count + 1 WHERE id = ? RETURNING refund_count',
    [id],
  )
  return int(row?.refund_count)
}

/** Open sessions whose lifetime is over (candidates for expiry). */
export async function findOverdueOpenSessions(
  db: Db,
  now: Date,
  limit = 100,
): Promise<StoredSession[]> {
  const rows = await db.query(
    "SELECT * FROM sessions WHERE status = 'open' AND expires_at <= ? ORDER BY expires_at LIMIT ?",
    [now.getTime(), limit],
  )
  return rows.map(sessionFromRow)
}
