import type { Db } from './db.js'
import { paymentFromRow, type StoredPayment } from './payments.js'
import { refundFromRow, type StoredRefund } from './refunds.js'

/**
 * The flagged payments and refunds page by page (domain/attention-list.ts), longest flagged first:
 * keyset on (needs_attention_at, created_at, id), the order `GET /v1/attention` always had.
 */

export interface AttentionKey {
  flaggedAt: number
  createdAt: number
  id: string
}

const after = (key: AttentionKey | undefined) =>
  key
    ? {
        sql: ' AND (needs_attention_at, created_at, id) > (?, ?, ?)',
        params: [key.flaggedAt, key.createdAt, key.id],
      }
    : { sql: '', params: [] }

export async function flaggedPaymentsAfter(
  db: Db,
  key: AttentionKey | undefined,
  limit: number,
): Promise<StoredPayment[]> {
  const from = after(key)
  const rows = await db.query(
    `SELECT * FROM payments WHERE status = 'pending' AND needs_attention_at IS NOT NULL${from.sql}
       ORDER BY needs_attention_at, created_at, id LIMIT ?`,
    [...from.params, limit],
  )
  return rows.map(paymentFromRow)
}

export async function flaggedRefundsAfter(
  db: Db,
  key: AttentionKey | undefined,
  limit: number,
): Promise<StoredRefund[]> {
  const from = after(key)
  const rows = await db.query(
    `SELECT * FROM refunds WHERE status = 'pending' AND needs_attention_at IS NOT NULL${from.sql}
       ORDER BY needs_attention_at, created_at, id LIMIT ?`,
    [...from.params, limit],
  )
  return rows.map(refundFromRow)
}
