import { ConflictError } from '../errors.js'
import type { PreOrderRequest } from '../gateway/messages.js'
import { type Route, routeWallet } from '../gateway/routing-table.js'
import { lockAndReadSession } from '../store/locks.js'
import { findPayment, findPendingForRoute, type StoredPayment } from '../store/payments.js'
import type { StoredSession } from '../store/sessions.js'
import { newAttempt } from './attempts.js'
import type { Core } from './context.js'
import { assertPayable, sessionNotFound } from './payable.js'
import { decideStart } from './payment-dispatch/decide-start.js'
import {
  abandon,
  leaseAgain,
  recordFailedCall,
  recordPlaced,
} from './payment-dispatch/transitions.js'
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
  return (input) => startPayment(starter, input)
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
      return await recordPlaced(
        db,
        payment.id,
        reply.eft_trade_no,
        { type: route.nextAction, url: reply.pay_apptrade },
        clock(),
      )
    } catch (error) {
      await recordFailedCall(core, payment, error, now)
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
): Promise<Started | undefined> {
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
    await leaseAgain(core, payment.id)
    return { payment: await place(starter, payment, session, route), created: false }
  }
  const applied = await db.transaction(async (tx) => {
    const current = (await findPayment(tx, payment.id)) as StoredPayment
    const result: PaymentApplied = answer
      ? await applyTradeStatusTo(core, tx, current, answer.tradeStatus, answer.eftTradeNo)
      : { payment: current, changed: false }
    if (result.payment.status === 'pending') await abandon(tx, payment.id, clock())
    return result
  })
  if (applied.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
  return undefined
}

/**
 * Decides from the session's attempts on this wallet and route (decide-start.ts) and acts on it,
 * deciding again after waiting for an order in flight or recovering one. An uncertain order is
 * recovered at most once per request; found uncertain again, the shopper is asked to retry.
 */
async function startPayment(starter: Starter, input: StartPaymentInput): Promise<Started> {
  const { core } = starter
  const route = routeWallet(input.wallet, input.device, input.lang, {
    appLink: core.options.bocpayAppLink,
  })
  let mayRecover = true
  for (;;) {
    const decision = await decide(core, input, route)
    switch (decision.kind) {
      case 'reuse':
        return { payment: decision.payment, created: false }
      case 'new':
        return {
          payment: await place(starter, decision.payment, decision.session, route),
          created: true,
        }
      case 'in-flight': {
        const running = starter.inFlight.get(decision.payment.id)
        if (running) return { payment: await running, created: false }
        // Another signer instance (same database, behind one load balancer) is sending it: wait
        // for its outcome, then decide again (normally: reuse the order it placed).
        if (!(await sentElsewhere(core, decision.payment.id)))
          throw new ConflictError({
            code: 'payment_in_progress',
            message:
              'This payment is being started right now. Send the same request again in a few seconds.',
            retryable: true,
          })
        mayRecover = false
        break
      }
      case 'recover': {
        if (!mayRecover)
          throw new ConflictError({
            code: 'payment_in_progress',
            message: 'Try again in a few seconds.',
            retryable: true,
          })
        mayRecover = false
        const recovered = await recover(starter, decision.payment, decision.session, route)
        if (recovered) return recovered
        break
      }
    }
  }
}

/**
 * Under the session's lock: the decision, and for `new` the attempt stored `sending` before its
 * PreOrder is sent (attempts.ts).
 */
async function decide(core: Core, input: StartPaymentInput, route: Route) {
  const { db, clock } = core
  const routeKey = `${route.service}|${route.pay_scene}`
  return db.transaction(async (tx) => {
    // Serialises concurrent starts on one session across signer instances (store/locks.ts); the
    // same statement reads the session.
    const session = await lockAndReadSession(tx, input.sessionId)
    const now = clock()
    if (!session) throw sessionNotFound(input.sessionId)
    assertPayable(session, now)
    const attempts = await findPendingForRoute(tx, session.id, input.wallet, routeKey)
    const decision = decideStart(attempts, now, 'preorder')
    if (decision.kind !== 'new') return { kind: decision.kind, session, payment: decision.attempt }
    return {
      kind: decision.kind,
      session,
      payment: await newAttempt(core, tx, session, input.wallet, route, now),
    }
  })
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
