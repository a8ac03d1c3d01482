import { ConflictError } from '../errors.js'
import { GatewayError } from '../gateway/gateway-error.js'
import type { TradeReply } from '../gateway/messages.js'
import { routeApplePay } from '../gateway/routing-table.js'
import { lockAndReadSession } from '../store/locks.js'
import {
  findPayment,
  listSessionPayments,
  type StoredPayment,
  setDispatch,
} from '../store/payments.js'
import { newAttempt, onPlaceFailure } from './attempts.js'
import type { Core } from './context.js'
import { assertPayable, loadSession } from './payable.js'
import { sendRefundQuietly } from './send-refund.js'
import { applyPaymentStatus, applyTradeStatus } from './state-changes.js'
import type { ApplePayPaymentInput, PaymentRecord } from './types.js'

/** `PaymentsService.payWithApplePay`: one token payment through MPGS (docs/protocol.md), final on return. */
export async function payWithApplePay(
  core: Core,
  input: ApplePayPaymentInput,
): Promise<PaymentRecord> {
  const { db, clock } = core
  const route = routeApplePay(input.device)
  const { session, payment } = await db.transaction(async (tx) => {
    const now = clock()
    // Locked, so a double submit of the sheet sees the first attempt and places no second order.
    await lockAndReadSession(tx, input.sessionId)
    const session = await loadSession(tx, input.sessionId)
    assertPayable(session, now)
    const inFlight = (await listSessionPayments(tx, session.id)).some(
      (p) => p.wallet === 'APPLEPAY' && p.status === 'pending' && p.dispatch === 'sending',
    )
    if (inFlight) {
      throw new ConflictError({
        code: 'payment_in_progress',
        message:
          'An Apple Pay payment of this session is being sent right now. Wait for its answer.',
        retryable: true,
      })
    }
    return { session, payment: await newAttempt(core, tx, session, 'APPLEPAY', route, now) }
  })
  let reply: TradeReply
  try {
    reply = await core.gateway.applePay({
      service: 'service.mpgs.token.ApplePay',
      token_id: input.tokenId,
      transaction_amount: payment.amount,
      out_trade_no: payment.outTradeNo,
      payType: 'Mpgs',
      buyerType: route.buyerType,
      subject: session.subject,
      wallet: 'MPGS',
      body: session.body,
      pay_scene: 'TOKEN_APPLE_PAY',
      fee_type: payment.currency,
      notify_url: `${core.publicUrl}/v1/gateway/notify`,
    })
  } catch (error) {
    // The token is never logged: only the kind and eftPay's status.
    if (error instanceof GatewayError && error.kind === 'rejected') {
      await onPlaceFailure(core, payment, error, clock())
      return (await findPayment(db, payment.id)) as StoredPayment
    }
    await onPlaceFailure(core, payment, error, clock())
    throw error
  }
  const applied = await db.transaction(async (tx) => {
    await setDispatch(tx, payment.id, 'placed', undefined, clock())
    const current = (await findPayment(tx, payment.id)) as StoredPayment
    // A token payment is answered synchronously (docs/protocol.md "Apple Pay"): TRADE_SUCCESS is
    // paid; TRADE_CLOSED / TRADE_FAIL failed (a later verified TRADE_SUCCESS still wins);
    // TRADE_PROCESSING or an unknown status stays pending, followed up by query and notification.
    const eftTradeNo = reply.eft_trade_no || undefined
    if (reply.trade_status === 'TRADE_SUCCESS')
      return applyTradeStatus(core, tx, current.id, 'TRADE_SUCCESS', eftTradeNo)
    const final = reply.trade_status === 'TRADE_CLOSED' || reply.trade_status === 'TRADE_FAIL'
    return applyPaymentStatus(core, tx, current, final ? 'failed' : 'pending', eftTradeNo)
  })
  if (applied.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
  return applied.payment
}
