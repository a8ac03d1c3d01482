import type { Currency, Device, ShopperLang, WalletCode } from '../contract/vocabulary.js'
import type { GatewayFields } from '../gateway/sign.js'
import type {
  PaymentRecord,
  RefundRecord,
  SessionRecord,
  SessionWithChildren,
} from '../store/records.js'

// The words and the records have their homes below the domain (docs/architecture.md "Layers");
// named here too so the domain's modules find everything they work with in one import.
export {
  type Currency,
  isTokenWallet,
  type PaymentStatus,
  type RefundStatus,
  type SessionStatus,
  TOKEN_WALLETS,
  type TokenWallet,
} from '../contract/vocabulary.js'
export type {
  NextAction,
  PaymentRecord,
  RefundRecord,
  SessionRecord,
  SessionWithChildren,
} from '../store/records.js'

/**
 * The service the HTTP layer calls and its inputs. The HTTP routes (`routes/`) only validate,
 * authorise and shape JSON (docs/api.md); everything that touches money lives behind
 * `PaymentsService`. Amounts are decimal strings ("12.50") everywhere.
 */

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
  wallet: WalletCode
  device: Device
  lang?: ShopperLang
}

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
