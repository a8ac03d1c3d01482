import type { Currency } from '../contract/vocabulary.js'
import type { Db, Row } from './db.js'
import { date, int, optionalDate, optionalInt, optionalText, placeholders, text } from './rows.js'

/** A payment link as stored (migration 8; docs/api.md "Payment links"). */

export type LinkKind = 'fixed' | 'items' | 'custom'

export interface LinkLineItem {
  sku: string
  quantity: number
  /** The shopper may change the quantity within these bounds. */
  adjustable?: { minimum: number; maximum: number }
}

export type AfterPayment = { type: 'message'; message: string } | { type: 'redirect'; url: string }

export interface LinkRecord {
  id: string
  active: boolean
  kind: LinkKind
  subject: string
  currency: Currency
  amount?: string
  lineItems?: LinkLineItem[]
  minAmount?: string
  maxAmount?: string
  expiresAt?: Date
  maxPayments?: number
  afterPayment: AfterPayment
  createdAt: Date
  updatedAt: Date
}

function linkFromRow(row: Row): LinkRecord {
  const afterType = text(row.after_type)
  const lineItems = optionalText(row.line_items)
  return {
    id: text(row.id),
    active: int(row.active) === 1,
    kind: text(row.kind) as LinkKind,
    subject: text(row.subject),
    currency: text(row.currency) as Currency,
    amount: optionalText(row.amount),
    lineItems: lineItems ? (JSON.parse(lineItems) as LinkLineItem[]) : undefined,
    minAmount: optionalText(row.min_amount),
    maxAmount: optionalText(row.max_amount),
    expiresAt: optionalDate(row.expires_at),
    maxPayments: optionalInt(row.max_payments),
    afterPayment:
      afterType === 'redirect'
        ? { type: 'redirect', url: text(row.after_url) }
        : { type: 'message', message: optionalText(row.after_message) ?? '' },
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
  }
}

/** `after_type`, `after_message`, `after_url`. */
const afterPaymentValues = (a: AfterPayment) => [
  a.type,
  a.type === 'message' ? a.message : null,
  a.type === 'redirect' ? a.url : null,
]

function rowValues(l: LinkRecord) {
  return [
    l.id,
    l.active ? 1 : 0,
    l.kind,
    l.subject,
    l.currency,
    l.amount ?? null,
    l.lineItems ? JSON.stringify(l.lineItems) : null,
    l.minAmount ?? null,
    l.maxAmount ?? null,
    l.expiresAt?.getTime() ?? null,
    l.maxPayments ?? null,
    ...afterPaymentValues(l.afterPayment),
    l.createdAt.getTime(),
    l.updatedAt.getTime(),
  ]
}

const COLUMNS =
  'id, active, kind, subject, currency, amount, line_items, min_amount, max_amount, expires_at, max_payments, after_type, after_message, after_url, created_at, updated_at'

export async function insertLink(db: Db, link: LinkRecord): Promise<void> {
  await db.execute(`INSERT INTO links (${COLUMNS}) VALUES (${placeholders(16)})`, rowValues(link))
}

export async function findLink(db: Db, id: string): Promise<LinkRecord | undefined> {
  const [row] = await db.query('SELECT * FROM links WHERE id = ?', [id])
  return row ? linkFromRow(row) : undefined
}

/** Newest first; `before`: the created_at/id of the last one seen (paging). */
export async function listLinks(db: Db, limit: number): Promise<LinkRecord[]> {
  const rows = await db.query('SELECT * FROM links ORDER BY created_at DESC, id DESC LIMIT ?', [
    limit,
  ])
  return rows.map(linkFromRow)
}

/** Writes the fields an update may change (domain/links.ts `updateLink`). */
export async function saveLink(db: Db, l: LinkRecord): Promise<void> {
  await db.execute(
    `UPDATE links SET active = ?, subject = ?, expires_at = ?, max_payments = ?, after_type = ?,
       after_message = ?, after_url = ?, updated_at = ? WHERE id = ?`,
    [
      l.active ? 1 : 0,
      l.subject,
      l.expiresAt?.getTime() ?? null,
      l.maxPayments ?? null,
      ...afterPaymentValues(l.afterPayment),
      l.updatedAt.getTime(),
      l.id,
    ],
  )
}

/**
 * Locks a link row and reads it (the no-op UPDATE of store/locks.ts): two checkouts of one link
 * count its places one after the other, on SQLite and on PostgreSQL.
 */
export async function lockAndReadLink(tx: Db, id: string): Promise<LinkRecord | undefined> {
  const [row] = await tx.query(
    'UPDATE links SET updated_at = updated_at WHERE id = ? RETURNING *',
    [id],
  )
  return row ? linkFromRow(row) : undefined
}

/**
 * The places of a link's payment limit that are taken (docs/api.md "The payment limit"): sessions
 * paid (refunds do not give the place back: the money moved), and open sessions still within their
 * lifetime or with a payment still pending (no final answer yet). An open session past its
 * lifetime with nothing pending holds none: it will expire.
 */
export async function countPlacesTaken(db: Db, linkId: string, now: Date): Promise<number> {
  const [row] = await db.query(
    `SELECT COUNT(*) AS n FROM sessions s WHERE s.link_id = ? AND (
       s.status IN ('paid', 'partially_refunded', 'refunded')
       OR (s.status = 'open' AND (s.expires_at > ? OR EXISTS (
         SELECT 1 FROM payments p WHERE p.session_id = s.id AND p.status = 'pending'))))`,
    [linkId, now.getTime()],
  )
  return int(row?.n)
}

/** Sessions of a link that were paid (a success after the limit makes this exceed it). */
export async function countPaidSessions(db: Db, linkId: string): Promise<number> {
  const [row] = await db.query(
    `SELECT COUNT(*) AS n FROM sessions WHERE link_id = ? AND status IN ('paid', 'partially_refunded', 'refunded')`,
    [linkId],
  )
  return int(row?.n)
}

/** Marks a session as started from a link (in the transaction that created it). */
export async function attachSessionToLink(db: Db, sessionId: string, linkId: string) {
  await db.execute('UPDATE sessions SET link_id = ? WHERE id = ?', [linkId, sessionId])
}
