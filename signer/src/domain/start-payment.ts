import { ConflictError } from '../errors.js'
import type { PreOrderRequest } from '../gateway/messages.js'
import { type Route, routeWallet } from '../gateway/routing-table.js'
import { lockAndReadSession } from '../store/locks.js'
import {
  findPayment,
  findPendingForRoute,
  markPlaced,
  type StoredPayment,
  setDispatch,
} from '../store/payments.js'
import type { StoredSession } from '../store/sessions.js'
import { newAttempt, onPlaceFailure } from './attempts.js'
import type { Core } from './context.js'
import { assertPayable, sessionNotFound } from './payable.js'
import { isOrderNotFound } from './query-payment.js'
import { readSaleAnswer, type SaleAnswer } from './sale-answer.js'
import { sendRefundQuietly } from './send-refund.js'
import { applyTradeStatusTo, type PaymentApplied } from './state-changes.js'
import type { PaymentsService } from './types.js'

type StartPaymentInput = Parameters<PaymentsService['startPayment']>[0]
type Started = { payment: StoredPayment; created: boolean }

/** What one service's wallet payments share: the core and the PreOrders this process is sending. */
interface Starter {
  core: Core
  /** PreOrders in flight in this process: a double click waits for the first instead of a second order. */
  inFlight: Map<string, Promise<StoredPayment>>
}

/** `PaymentsService.startPayment`: reuse, wait for, recover or place the session's wallet order. */
export function createStartPayment(core: Core): PaymentsService['startPayment'] {
  const starter: Starter = { core, inFlight: new Map() }
  return (input) => startPaymentOnce(starter, input, true)
}

/** Sends the PreOrder of a stored `sending` payment and records the verified reply. */
function place(
  starter: Starter,
  payment: StoredPayment,
  session: StoredSession,
  route: Route,
): Promise<StoredPayment> {
  const { core, inFlight } = starter
  const { db, clock } = core
  const running = (async () => {
    const now = clock()
    try {
      const reply = await core.gateway.preOrder({
        service: route.service,
        transaction_amount: payment.amount,
        out_trade_no: payment.outTradeNo,
        payType: route.payType as PreOrderRequest['payType'],
        buyerType: route.buyerType,
        subject: session.subject,
        wallet: route.wallet,
        body: session.body,
        pay_scene: route.pay_scene as PreOrderRequest['pay_scene'],
        fee_type: payment.currency,
        notify_url: `${core.publicUrl}/v1/gateway/notify`,
        return_url: `${core.publicUrl}/v1/gateway/return/${session.id}`,
        active_time: String(
          Math.max(1, Math.round((payment.expiresAt.getTime() - now.getTime()) / 1000)),
        ),
        lang: route.lang,
        ...route.extra,
      })
      // The stored row as it is now, from the same statement (RETURNING).
      return (await markPlaced(
        db,
        payment.id,
        reply.eft_trade_no,
        route.nextAction,
        reply.pay_apptrade,
        clock(),
      )) as StoredPayment
    } catch (error) {
      await onPlaceFailure(core, payment, error, now)
      throw error
    }
  })()
  inFlight.set(payment.id, running)
  return running.finally(() => inFlight.delete(payment.id))
}

/**
 * A retried start whose earlier PreOrder has no known outcome: ask eftPay. Unknown there → send
 * the same order number again. Known and still pending, but its pay link never reached us → set
 * it aside (still followed to a final state) and start a fresh attempt.
 */
async function recover(
  starter: Starter,
  payment: StoredPayment,
  session: StoredSession,
  route: Route,
) {
  const { core } = starter
  const { db, clock } = core
  let exists = true
  let answer: SaleAnswer | undefined
  try {
    const reply = await core.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: payment.outTradeNo,
    })
    // The same rules as every query (sale-answer.ts): one that cannot be applied changes nothing.
    answer = readSaleAnswer(core, payment, reply, 'query')
  } catch (error) {
    // Only the documented "no such order" answer allows sending the same number again.
    if (!isOrderNotFound(error)) throw error
    exists = false
  }
  if (!exists) {
    await setDispatch(
      db,
      payment.id,
      'sending',
      new Date(clock().getTime() + (core.options.dispatchLeaseMs ?? 60_000)),
      clock(),
    )
    return { payment: await place(starter, payment, session, route), created: false }
  }
  const applied = await db.transaction(async (tx) => {
    const current = (await findPayment(tx, payment.id)) as StoredPayment
    const result: PaymentApplied = answer
      ? await applyTradeStatusTo(core, tx, current, answer.tradeStatus, answer.eftTradeNo)
      : { payment: current, changed: false }
    if (result.payment.status === 'pending')
      await setDispatch(tx, payment.id, 'abandoned', undefined, clock())
    return result
  })
  if (applied.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
  return undefined
}

async function startPaymentOnce(
  starter: Starter,
  input: StartPaymentInput,
  allowRecover: boolean,
): Promise<Started> {
  const { core } = starter
  const { db, clock } = core
  const route = routeWallet(input.wallet, input.device, input.lang, {
    appLink: core.options.bocpayAppLink,
  })
  const routeKey = `${route.service}|${route.pay_scene}`
  const decision = await db.transaction(async (tx) => {
    // Serialises concurrent starts on one session across signer instances (store/locks.ts); the
    // same statement reads the session.
    const session = await lockAndReadSession(tx, input.sessionId)
    const now = clock()
    if (!session) throw sessionNotFound(input.sessionId)
    assertPayable(session, now)
    for (const existing of await findPendingForRoute(tx, session.id, input.wallet, routeKey)) {
      if (existing.expiresAt <= now) continue
      if (existing.dispatch === 'placed' && existing.nextAction)
        return { kind: 'reuse' as const, session, payment: existing }
      if (
        existing.dispatch === 'sending' &&
        existing.dispatchUntil &&
        existing.dispatchUntil > now
      ) {
        return { kind: 'in-flight' as const, session, payment: existing }
      }
      return { kind: 'recover' as const, session, payment: existing }
    }
    return {
      kind: 'new' as const,
      session,
      payment: await newAttempt(core, tx, session, input.wallet, route, now),
    }
  })
  switch (decision.kind) {
    case 'reuse':
      return { payment: decision.payment, created: false }
    case 'in-flight': {
      const running = starter.inFlight.get(decision.payment.id)
      if (running) return { payment: await running, created: false }
      // Another signer instance (same database, behind one load balancer) is sending it: wait for
      // its outcome, then decide again (normally: reuse the order it placed).
      if (await sentElsewhere(core, decision.payment.id))
        return startPaymentOnce(starter, input, false)
      throw new ConflictError({
        code: 'payment_in_progress',
        message:
          'This payment is being started right now. Send the same request again in a few seconds.',
        retryable: true,
      })
    }
    case 'recover': {
      if (!allowRecover)
        throw new ConflictError({
          code: 'payment_in_progress',
          message: 'Try again in a few seconds.',
          retryable: true,
        })
      const recovered = await recover(starter, decision.payment, decision.session, route)
      return recovered ?? startPaymentOnce(starter, input, false)
    }
    case 'new':
      return {
        payment: await place(starter, decision.payment, decision.session, route),
        created: true,
      }
  }
}

/** Waits (a few seconds at most) until a PreOrder another instance is sending leaves `sending`. */
async function sentElsewhere(core: Core, paymentId: string): Promise<boolean> {
  for (let waited = 0; waited < 8_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const current = await findPayment(core.db, paymentId)
    if (current?.dispatch !== 'sending') return true
  }
  return false
}
