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

async function flaggedAfter(
  db: Db,
  table: 'payments' | 'refunds',
  key: AttentionKey | undefined,
  limit: number,
) {
  const after = key ? ' AND (needs_attention_at, created_at, id) > (?, ?, ?)' : ''
  return db.query(
    `SELECT * FROM ${table} WHERE status = 'pending' AND needs_attention_at IS NOT NULL${after}
       ORDER BY needs_attention_at, created_at, id LIMIT ?`,
    [...(key ? [key.flaggedAt, key.createdAt, key.id] : []), limit],
  )
}

export async function flaggedPaymentsAfter(
  db: Db,
  key: AttentionKey | undefined,
  limit: number,
): Promise<StoredPayment[]> {
  return (await flaggedAfter(db, 'payments', key, limit)).map(paymentFromRow)
}

export async function flaggedRefundsAfter(
  db: Db,
  key: AttentionKey | undefined,
  limit: number,
): Promise<StoredRefund[]> {
  return (await flaggedAfter(db, 'refunds', key, limit)).map(refundFromRow)
}
