import type { Db, Row } from './db.js'
import { int, optionalInt, text } from './rows.js'

/**
 * Stored gateway notifications (docs/protocol.md, "Notification"): every verified one is written
 * before it is acknowledged, keyed by a hash of what its signature covers and holding only those
 * fields (domain/verified-notification.ts), so a repeat, padded or not, is recognised and applied
 * at most once.
 */
export type NotificationResult =
  | 'received'
  | 'applied'
  | 'unknown_payment'
  | 'amount_mismatch'
  | 'amount_missing'
  | 'not_a_sale'
  | 'wrong_merchant'

export interface StoredNotification {
  naturalKey: string
  outTradeNo: string
  tradeStatus: string
  payload: string
  variant: string
  result: NotificationResult
  receivedAt: Date
  appliedAt?: Date
}

function fromRow(row: Row): StoredNotification {
  const applied = optionalInt(row.applied_at)
  return {
    naturalKey: text(row.natural_key),
    outTradeNo: text(row.out_trade_no),
    tradeStatus: text(row.trade_status),
    payload: text(row.payload),
    variant: text(row.variant),
    result: text(row.result) as NotificationResult,
    receivedAt: new Date(int(row.received_at)),
    appliedAt: applied === undefined ? undefined : new Date(applied),
  }
}

/** Stores a notification unless one with the same key exists. Returns whether it was new. */
export async function storeNotification(db: Db, n: StoredNotification): Promise<boolean> {
  const result = await db.execute(
    `INSERT INTO notifications (natural_key, out_trade_no, trade_status, payload, variant, result, received_at, applied_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (natural_key) DO NOTHING`,
    [
      n.naturalKey,
      n.outTradeNo,
      n.tradeStatus,
      n.payload,
      n.variant,
      n.result,
      n.receivedAt.getTime(),
      n.appliedAt?.getTime() ?? null,
    ],
  )
  return result.rowsAffected === 1
}

export async function findNotification(
  db: Db,
  naturalKey: string,
): Promise<StoredNotification | undefined> {
  const [row] = await db.query('SELECT * FROM notifications WHERE natural_key = ?', [naturalKey])
  return row ? fromRow(row) : undefined
}

export async function listNotifications(db: Db, outTradeNo: string): Promise<StoredNotification[]> {
  const rows = await db.query(
    'SELECT * FROM notifications WHERE out_trade_no = ? ORDER BY received_at',
    [outTradeNo],
  )
  return rows.map(fromRow)
}

/** Marks a stored notification processed, with what came of it. */
export async function markNotification(
  db: Db,
  naturalKey: string,
  result: NotificationResult,
  now: Date,
): Promise<void> {
  await db.execute('UPDATE notifications SET result = ?, applied_at = ? WHERE natural_key = ?', [
    result,
    now.getTime(),
    naturalKey,
  ])
}
