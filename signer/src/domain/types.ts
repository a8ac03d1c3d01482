import type { Wallet } from '../gateway/fields.js'
import type { Device, NextActionType, ShopperLang } from '../gateway/routing-table.js'
import type { GatewayFields } from '../gateway/sign.js'

/**
 * The domain's records and the service the HTTP layer calls. The HTTP routes (`routes/`) only
 * validate, authorise and shape JSON (docs/api.md); everything that touches money lives behind
 * `PaymentsService`. Amounts are decimal strings ("12.50") everywhere.
 */

export type SessionStatus = 'open' | 'paid' | 'expired' | 'partially_refunded' | 'refunded'
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'expired'
export type RefundStatus = 'pending' | 'succeeded' | 'failed'
export type Currency = 'HKD' | 'CNY'

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
  wallet: Wallet | TokenWallet
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

export interface CreateSessionInput {
  amount: string
  currency: Currency
  subject: string
  body?: string
  reference?: string
  successUrl: string
  cancelUrl: string
  /** Lifetime in seconds (default chosen by the service, e.g. 1800). */
  expiresIn?: number
  sku?: string
  quantity?: number
}

export interface StartPaymentInput {
  sessionId: string
  wallet: Wallet
  device: Device
  lang?: ShopperLang
}

/** The wallets paid with a token through MPGS (docs/protocol.md "Apple Pay", "Google Pay"). */
export const TOKEN_WALLETS = ['APPLEPAY', 'GOOGLEPAY'] as const
export type TokenWallet = (typeof TOKEN_WALLETS)[number]
export const isTokenWallet = (wallet: string): wallet is TokenWallet =>
  (TOKEN_WALLETS as readonly string[]).includes(wallet)

export interface GooglePayPaymentInput {
  sessionId: string
  /** Google Pay's `paymentMethodData.tokenizationData.token`, as is (docs/protocol.md "Google Pay"). Never logged. */
  tokenId: string
  device: Device
}

export interface ApplePayPaymentInput {
  sessionId: string
  /** `JSON.stringify(payment.token.paymentData)` (our reading of eftPay's Apple Pay page, docs/protocol.md). Never logged. */
  tokenId: string
  device: Device
}

export interface CreateRefundInput {
  paymentId?: string
  sessionId?: string
  /** Default: what is left of the payment. */
  amount?: string
  reason?: string
}

/** What the notify endpoint answers eftPay (a signed acknowledgement, docs/protocol.md). */
export interface NotificationOutcome {
  /** HTTP status to answer: 200 when stored (applied or a harmless repeat), 400 when refused. */
  status: 200 | 400
  /** The signed acknowledgement body (`return_code` success or false). */
  ack: GatewayFields
}

export interface ReconcileReport {
  paymentsQueried: number
  paymentsChanged: number
  sessionsExpired: number
  refundsQueried: number
  refundsChanged: number
  /** Payments and refunds flagged in this pass as needing a person (attention.ts). */
  paymentsFlagged: number
  refundsFlagged: number
}

/** What needs a person: pending payments and refunds with no final answer past the horizon. */
export interface NeedsAttention {
  payments: PaymentRecord[]
  refunds: RefundRecord[]
  /** More are flagged than were listed (the oldest are listed first). */
  hasMore: boolean
}

/**
 * The money core. Every method validates its own business rules and throws the domain errors of
 * `../errors.js` (ValidationError with `param`, NotFoundError, ConflictError) or the gateway
 * client's `GatewayError` as it is; the app's one onError maps both (error-mapping.ts).
 */
export interface PaymentsService {
  createSession(input: CreateSessionInput): Promise<SessionRecord>
  getSession(id: string): Promise<SessionWithChildren | undefined>
  /** The session alone, without its payments and refunds (enough to authorise a browser call). */
  findSession(id: string): Promise<SessionRecord | undefined>
  /**
   * Starts (or returns the still-usable pending) payment of an open session with a wallet:
   * routes, signs, relays the PreOrder, verifies, stores. `created` is false when an existing
   * pending payment was answered again (double click, retried request).
   */
  startPayment(input: StartPaymentInput): Promise<{ payment: PaymentRecord; created: boolean }>
  /** Sends an Apple Pay token payment; answers the payment, pending when eftPay's answer was not final. */
  payWithApplePay(input: ApplePayPaymentInput): Promise<PaymentRecord>
  /** Sends a Google Pay token payment and answers with the payment in its final state (or pending). */
  payWithGooglePay(input: GooglePayPaymentInput): Promise<PaymentRecord>
  /** Verifies, stores, then applies a gateway notification once (body as received, all strings). */
  handleNotification(payload: Record<string, unknown>): Promise<NotificationOutcome>
  /**
   * A signed return payload from the shopper's browser (advisory: never marks anything paid by
   * itself; a verified one may trigger a query). Returns the address to send the shopper to.
   */
  handleReturn(sessionId: string, payload: Record<string, unknown>): Promise<string | undefined>
  /** Refreshes a payment's status from the gateway with a query. */
  refreshPayment(paymentId: string): Promise<PaymentRecord>
  createRefund(input: CreateRefundInput): Promise<RefundRecord>
  /** A refund, its status refreshed from the gateway first when still pending. */
  getRefund(id: string): Promise<RefundRecord | undefined>
  /** One pass of the reconciler: query stale pending payments and refunds, expire sessions. */
  reconcile(): Promise<ReconcileReport>
  /**
   * The payments and refunds flagged as needing a person (pending past the horizon with no final
   * answer from eftPay; docs/api.md "GET /v1/attention"), longest flagged first.
   */
  listNeedsAttention(): Promise<NeedsAttention>
}
