import type { Db } from './db.js'
import { int, optionalText, text } from './rows.js'

/**
 * The rows of the transactions report (domain/reports.ts), oldest first, read in batches by keyset
 * on (created_at, id) over the `*_created` indexes (migration 6): however long the range, at most
 * one batch is in memory.
 */

export interface ReportRow {
  type: 'payment' | 'refund'
  createdAt: number
  sessionId: string
  reference?: string
  paymentId: string
  refundId?: string
  wallet: string
  eftTradeNo?: string
  outTradeNo: string
  currency: string
  amount: string
  status: string
  refundReason?: string
}

export const REPORT_BATCH = 500

const PAYMENTS = `SELECT p.id AS payment_id, p.created_at, p.session_id, s.reference, p.wallet, p.eft_trade_no,
    p.out_trade_no, p.currency, p.amount, p.status
  FROM payments p JOIN sessions s ON s.id = p.session_id
  WHERE p.created_at >= ? AND p.created_at < ? AND (p.created_at, p.id) > (?, ?)
  ORDER BY p.created_at, p.id LIMIT ?`

const REFUNDS = `SELECT r.id AS refund_id, r.created_at, r.session_id, s.reference, r.payment_id, p.wallet,
    p.eft_trade_no, p.out_trade_no, r.currency, r.amount, r.status, r.reason
  FROM refunds r JOIN payments p ON p.id = r.payment_id JOIN sessions s ON s.id = r.session_id
  WHERE r.created_at >= ? AND r.created_at < ? AND (r.created_at, r.id) > (?, ?)
  ORDER BY r.created_at, r.id LIMIT ?`

async function* batches(
  db: Db,
  sql: string,
  range: { from: Date; to: Date },
  toRow: (row: Record<string, unknown>) => ReportRow,
  idOf: (row: ReportRow) => string,
): AsyncGenerator<ReportRow> {
  let after = { t: -1, id: '' }
  for (;;) {
    const rows = await db.query(sql, [
      range.from.getTime(),
      range.to.getTime(),
      after.t,
      after.id,
      REPORT_BATCH,
    ])
    for (const row of rows) yield toRow(row)
    const last = rows.at(-1)
    if (!last || rows.length < REPORT_BATCH) return
    const mapped = toRow(last)
    after = { t: mapped.createdAt, id: idOf(mapped) }
  }
}

/** The payments created in [from, to), oldest first. */
export function paymentReportRows(db: Db, range: { from: Date; to: Date }) {
  return batches(
    db,
    PAYMENTS,
    range,
    (row) => ({
      type: 'payment',
      createdAt: int(row.created_at),
      sessionId: text(row.session_id),
      reference: optionalText(row.reference),
      paymentId: text(row.payment_id),
      wallet: text(row.wallet),
      eftTradeNo: optionalText(row.eft_trade_no),
      outTradeNo: text(row.out_trade_no),
      currency: text(row.currency),
      amount: text(row.amount),
      status: text(row.status),
    }),
    (row) => row.paymentId,
  )
}

/** The refunds created in [from, to), oldest first, with their payment's wallet and order numbers. */
export function refundReportRows(db: Db, range: { from: Date; to: Date }) {
  return batches(
    db,
    REFUNDS,
    range,
    (row) => ({
      type: 'refund',
      createdAt: int(row.created_at),
      sessionId: text(row.session_id),
      reference: optionalText(row.reference),
      paymentId: text(row.payment_id),
      refundId: text(row.refund_id),
      wallet: text(row.wallet),
      eftTradeNo: optionalText(row.eft_trade_no),
      outTradeNo: text(row.out_trade_no),
      currency: text(row.currency),
      amount: text(row.amount),
      status: text(row.status),
      refundReason: optionalText(row.reason),
    }),
    (row) => row.refundId ?? '',
  )
}
