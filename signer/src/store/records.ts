import type {
  Currency,
  NextActionType,
  PaymentStatus,
  RefundStatus,
  SessionStatus,
  TokenWallet,
  WalletCode,
} from '../contract/vocabulary.js'

/**
 * The records the store keeps and the domain works with: sessions, payments, refunds, as the money
 * rules see them (camelCase, dates as Date). Their words (statuses, currencies, wallets) are the
 * contract's; the store's own extras (the route, dispatch state) are in the repositories.
 * Amounts are decimal strings ("12.50") everywhere.
 */

export interface NextAction {
  type: NextActionType
  url: string
}

export interface SessionRecord {
  id: string
  /** `<id>_secret_<random>`: at least 128 random bits; compared in constant time. */
  clientSecret: string
  status: SessionStatus
  amount: string
  currency: Currency
  subject: string
  body?: string
  reference?: string
  successUrl: string
  cancelUrl: string
  /** The catalog line it was priced from, for sessions a browser created. */
  sku?: string
  quantity?: number
  /** The payment link it was started from (domain/links.ts). */
  linkId?: string
  amountPaid: string
  amountRefunded: string
  expiresAt: Date
  createdAt: Date
}

export interface PaymentRecord {
  id: string
  sessionId: string
  /** The wallet code, or `APPLEPAY` / `GOOGLEPAY` for a token payment through MPGS. */
  wallet: WalletCode | TokenWallet
  service: string
  outTradeNo: string
  eftTradeNo?: string
  status: PaymentStatus
  amount: string
  currency: Currency
  nextAction?: NextAction
  /** When the gateway order's own `active_time` runs out. */
  expiresAt: Date
  createdAt: Date
  updatedAt: Date
  /** Set while it is pending past the horizon with no final answer (attention.ts). */
  needsAttentionAt?: Date
}

export interface RefundRecord {
  id: string
  paymentId: string
  sessionId: string
  outRefundNo: string
  amount: string
  currency: Currency
  reason?: string
  status: RefundStatus
  /** True for the automatic refund of a second successful payment of a paid session. */
  automatic: boolean
  createdAt: Date
  updatedAt: Date
  /** Set while it is pending past the horizon with no final status (attention.ts). */
  needsAttentionAt?: Date
}

export interface SessionWithChildren {
  session: SessionRecord
  payments: PaymentRecord[]
  refunds: RefundRecord[]
}
