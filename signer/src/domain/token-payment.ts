import type { Device } from '../contract/vocabulary.js'
import { ConflictError } from '../errors.js'
import { GatewayError } from '../gateway/gateway-error.js'
import type { TradeReply } from '../gateway/messages.js'
import { type Route, routeApplePay, routeGooglePay } from '../gateway/routing-table.js'
import { lockAndReadSession } from '../store/locks.js'
import { findPayment, listSessionPayments, type StoredPayment } from '../store/payments.js'
import type { StoredSession } from '../store/sessions.js'
import { newAttempt } from './attempts.js'
import type { Core } from './context.js'
import { assertPayable, loadSession } from './payable.js'
import { decideStart } from './payment-dispatch/decide-start.js'
import { recordFailedCall, recordTokenReply } from './payment-dispatch/transitions.js'
import { queryPayment } from './query-payment.js'
import { readSaleAnswer } from './sale-answer.js'
import { sendRefundQuietly } from './send-refund.js'
import { applyTradeStatusTo } from './state-changes.js'
import type { PaymentRecord, TokenWallet } from './types.js'

/** What differs between the token wallets: the name shoppers know, the route and the one call. */
export interface TokenPayment {
  sessionId: string
  wallet: TokenWallet
  /** "Apple Pay", "Google Pay": for the 409's message. */
  walletName: string
  route: Route
  /** Sends the one token payment for this attempt (the token is never logged). */
  place(session: StoredSession, payment: StoredPayment): Promise<TradeReply>
}

/**
 * One token payment through MPGS (docs/protocol.md "Apple Pay", "Google Pay"), answered
 * synchronously: placed once per attempt, a second submit while the first is with eftPay is a 409.
 * Its reply is read like a query's (sale-answer.ts): TRADE_SUCCESS for the session's amount is paid,
 * TRADE_CLOSED / TRADE_FAIL failed (a later verified TRADE_SUCCESS still wins); anything else
 * (TRADE_PROCESSING, an undocumented status, a refusal, another amount) is not an answer about the
 * money: the payment stays pending, eftPay is asked right away, and the query, notification and
 * reconciler follow it. The card may have been charged whatever the reply said.
 */
export async function payWithToken(core: Core, input: TokenPayment): Promise<PaymentRecord> {
  const { db, clock } = core
  const { session, payment } = await db.transaction(async (tx) => {
    const now = clock()
    // Locked, so a double submit of the sheet sees the first attempt and places no second order.
    await lockAndReadSession(tx, input.sessionId)
    const session = await loadSession(tx, input.sessionId)
    assertPayable(session, now)
    const attempts = (await listSessionPayments(tx, session.id)).filter(
      (p) => p.wallet === input.wallet,
    )
    if (decideStart(attempts, now, 'token').kind === 'in-flight') {
      throw new ConflictError({
        code: 'payment_in_progress',
        message: `A ${input.walletName} payment of this session is being sent right now. Wait for its answer.`,
        retryable: true,
      })
    }
    const payment = await newAttempt(core, tx, session, input.wallet, input.route, now)
    return { session, payment }
  })
  let reply: TradeReply
  try {
    reply = await input.place(session, payment)
  } catch (error) {
    // The token is never logged: only the kind and eftPay's status.
    await recordFailedCall(core, payment, error, clock(), { refusalEnds: false })
    if (error instanceof GatewayError && error.kind === 'rejected')
      return askNow(core, (await findPayment(db, payment.id)) as StoredPayment)
    throw error
  }
  const answer = readSaleAnswer(core, payment, reply, 'token reply')
  const applied = await db.transaction(async (tx) => {
    await recordTokenReply(tx, payment.id, clock())
    const current = (await findPayment(tx, payment.id)) as StoredPayment
    if (!answer) return { payment: current, changed: false }
    return applyTradeStatusTo(core, tx, current, answer.tradeStatus, answer.eftTradeNo)
  })
  if (applied.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
  // A reply that could not be applied: eftPay's own record may settle it now.
  if (!answer) return askNow(core, applied.payment)
  return applied.payment
}

/** One query right away (paced like any other); an unanswered one leaves it to the reconciler. */
async function askNow(core: Core, payment: StoredPayment): Promise<StoredPayment> {
  try {
    return (await queryPayment(core, payment)).payment
  } catch (error) {
    core.logger.warn(
      {
        payment_id: payment.id,
        error: error instanceof Error ? error.message : String(error),
      },
      'token payment not settled by its reply, and the query failed: the reconciler asks again',
    )
    return (await findPayment(core.db, payment.id)) as StoredPayment
  }
}

/** The fields both MPGS token services share (docs/protocol.md "Apple Pay", "Google Pay"). */
export function mpgsTokenFields(
  core: Core,
  route: Route,
  session: StoredSession,
  payment: StoredPayment,
  tokenId: string,
) {
  return {
    token_id: tokenId,
    transaction_amount: payment.amount,
    out_trade_no: payment.outTradeNo,
    payType: 'Mpgs' as const,
    buyerType: route.buyerType,
    subject: session.subject,
    wallet: 'MPGS' as const,
    body: session.body,
    fee_type: payment.currency,
    notify_url: `${core.publicUrl}/v1/gateway/notify`,
  }
}

/**
 * `PaymentsService.payWithApplePay` / `payWithGooglePay`: one token payment through MPGS
 * (docs/protocol.md "Apple Pay", "Google Pay"); the two differ only in service and `pay_scene`.
 */
export function payWithWalletToken(
  core: Core,
  wallet: TokenWallet,
  input: { sessionId: string; tokenId: string; device: Device },
): Promise<PaymentRecord> {
  const apple = wallet === 'APPLEPAY'
  const route = apple ? routeApplePay(input.device) : routeGooglePay(input.device)
  return payWithToken(core, {
    sessionId: input.sessionId,
    wallet,
    walletName: apple ? 'Apple Pay' : 'Google Pay',
    route,
    place: (session, payment) => {
      const fields = mpgsTokenFields(core, route, session, payment, input.tokenId)
      return apple
        ? core.gateway.applePay({
            ...fields,
            service: 'service.mpgs.token.ApplePay',
            pay_scene: 'TOKEN_APPLE_PAY',
          })
        : core.gateway.googlePay({
            ...fields,
            service: 'service.mpgs.token.GooglePay',
            pay_scene: 'TOKEN_GOOGLE_PAY',
          })
    },
  })
}
