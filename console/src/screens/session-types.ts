/** The console API's answers the money screens read (signer/src/console/routes/*.ts). */

export interface PaymentJson {
  id: string
  session_id: string
  wallet: string
  out_trade_no: string
  eft_trade_no: string | null
  status: string
  amount: string
  currency: string
  created_at: string
  needs_attention: boolean
}

export interface RefundJson {
  id: string
  payment_id: string
  session_id: string
  amount: string
  currency: string
  reason: string | null
  status: string
  created_at: string
  needs_attention: boolean
}

export interface SessionJson {
  id: string
  status: string
  amount: string
  currency: string
  subject: string
  reference: string | null
  amount_paid: string
  amount_refunded: string
  created_at: string
  payments: PaymentJson[]
  refunds: RefundJson[]
}

export interface ListJson<T> {
  data: T[]
  has_more: boolean
  next_cursor: string | null
}

export interface TimelineEntry {
  at: string
  kind: string
  facts: Record<string, string>
}

export interface SessionDetail {
  session: SessionJson
  refundable: Record<string, string>
  timeline: TimelineEntry[]
}

export const SESSION_STATUSES = [
  'open',
  'paid',
  'expired',
  'partially_refunded',
  'refunded',
] as const
