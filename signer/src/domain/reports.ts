import { formatGatewayDateTime } from '../gateway/hk-time.js'
import { fromCents, toCents } from '../money.js'
import type { Db } from '../store/db.js'
import { paymentReportRows, type ReportRow, refundReportRows } from '../store/report-rows.js'
import { csvLine } from './csv.js'

/**
 * The accountant's reports (docs/api.md "GET /v1/reports/transactions.csv", "GET
 * /v1/reports/summary"): both read the same row stream, so the summary's totals are the sums of the
 * CSV's succeeded rows by construction. Days are Hong Kong days (UTC+8, no daylight saving;
 * docs/protocol.md#time); a row belongs to the day it was created.
 */

export interface ReportRange {
  from: Date
  to: Date
}

const HK_OFFSET = '+08:00'

/** `from` and `to` are HK dates (YYYY-MM-DD), both included. */
export function hkDayRange(from: string, to: string): ReportRange {
  const start = new Date(`${from}T00:00:00${HK_OFFSET}`)
  const end = new Date(new Date(`${to}T00:00:00${HK_OFFSET}`).getTime() + 86_400_000)
  return { from: start, to: end }
}

/** Payments and refunds of the range, oldest first, one batch of each in memory at a time. */
export async function* transactionRows(db: Db, range: ReportRange): AsyncGenerator<ReportRow> {
  const payments = paymentReportRows(db, range)
  const refunds = refundReportRows(db, range)
  let p = await payments.next()
  let r = await refunds.next()
  while (!p.done || !r.done) {
    if (!p.done && (r.done || p.value.createdAt <= r.value.createdAt)) {
      yield p.value
      p = await payments.next()
    } else if (!r.done) {
      yield r.value
      r = await refunds.next()
    }
  }
}

export const CSV_COLUMNS = [
  'created_at_hk',
  'type',
  'session_id',
  'reference',
  'payment_id',
  'refund_id',
  'wallet',
  'eft_trade_no',
  'out_trade_no',
  'currency',
  'amount',
  'status',
  'refund_reason',
] as const

/** The CSV, line by line (header first). */
export async function* transactionsCsv(db: Db, range: ReportRange): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS)
  for await (const row of transactionRows(db, range)) {
    yield csvLine([
      formatGatewayDateTime(new Date(row.createdAt)),
      row.type,
      row.sessionId,
      row.reference,
      row.paymentId,
      row.refundId,
      row.wallet,
      row.eftTradeNo,
      row.outTradeNo,
      row.currency,
      row.amount,
      row.status,
      row.refundReason,
    ])
  }
}

export interface SummaryLine {
  date: string
  currency: string
  wallet: string
  gross: string
  refunds: string
  net: string
}

export interface Summary {
  days: SummaryLine[]
  totals: Omit<SummaryLine, 'date' | 'wallet'>[]
}

/** Cents with a sign ("-12.50"): a day's net is negative when it refunded more than it took. */
export const signedAmount = (cents: bigint) =>
  cents < 0n ? `-${fromCents(-cents)}` : fromCents(cents)

/** Succeeded money only: gross (payments), refunds, net, by HK day, currency and wallet. */
export async function summarize(db: Db, range: ReportRange): Promise<Summary> {
  const byDay = new Map<string, { gross: bigint; refunds: bigint }>()
  for await (const row of transactionRows(db, range)) {
    if (row.status !== 'succeeded') continue
    const date = formatGatewayDateTime(new Date(row.createdAt)).slice(0, 10)
    const key = `${date}|${row.currency}|${row.wallet}`
    const sums = byDay.get(key) ?? { gross: 0n, refunds: 0n }
    if (row.type === 'payment') sums.gross += toCents(row.amount)
    else sums.refunds += toCents(row.amount)
    byDay.set(key, sums)
  }
  const totals = new Map<string, { gross: bigint; refunds: bigint }>()
  const days = [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, sums]) => {
      const [date = '', currency = '', wallet = ''] = key.split('|')
      const total = totals.get(currency) ?? { gross: 0n, refunds: 0n }
      total.gross += sums.gross
      total.refunds += sums.refunds
      totals.set(currency, total)
      return { date, currency, wallet, ...money(sums) }
    })
  return {
    days,
    totals: [...totals.entries()].sort().map(([currency, sums]) => ({ currency, ...money(sums) })),
  }
}

const money = (sums: { gross: bigint; refunds: bigint }) => ({
  gross: fromCents(sums.gross),
  refunds: fromCents(sums.refunds),
  net: signedAmount(sums.gross - sums.refunds),
})
