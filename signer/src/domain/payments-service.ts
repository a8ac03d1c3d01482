import { createHash } from 'node:crypto'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'
import type { GatewayClient } from '../gateway/client.js'
import { GatewayError } from '../gateway/gateway-error.js'
import { type Clock, formatGatewayTime, systemClock } from '../gateway/hk-time.js'
import { type Notification, notification } from '../gateway/messages.js'
import { type Route, routeApplePay, routeWallet } from '../gateway/routing-table.js'
import { canonicalString, signPayload } from '../gateway/sign.js'
import { verify } from '../gateway/verify.js'
import type { Db } from '../store/db.js'
import {
  findNotification,
  markNotification,
  type StoredNotification,
  storeNotification,
} from '../store/notifications.js'
import {
  deletePayment,
  findPayment,
  findPaymentByOutTradeNo,
  findPendingForRoute,
  insertPayment,
  listSessionPayments,
  markPlaced,
  setDispatch,
  type StoredPayment,
} from '../store/payments.js'
import { findRefund, insertRefund, listSessionRefunds, type StoredRefund } from '../store/refunds.js'
import { lockAndReadSession, lockNotification } from '../store/locks.js'
import {
  findSession,
  insertSession,
  nextPaymentAttempt,
  nextRefundNumber,
  type StoredSession,
} from '../store/sessions.js'
import {
  applyPaymentStatus,
  applyTradeStatus,
  applyTradeStatusTo,
  type PaymentApplied,
  reservedRefundCents,
} from './apply.js'
import { type Core, type CoreLogger, type PaymentsOptions, silentLogger } from './core.js'
import { followRefund, queryPayment, sendRefund, sendRefundQuietly } from './follow.js'
import { toApiError } from './gateway-errors.js'
import { createIds, type IdFactory, MAX_COUNTER, outRefundNo, outTradeNo } from './ids.js'
import { fromCents, isAmount, normalizeAmount, toCents } from '../money.js'
import { reconcile } from './reconcile.js'
import { validateSessionInput } from './session-input.js'
import type { NotificationOutcome, PaymentsService, SessionRecord } from './types.js'

export interface PaymentsServiceDeps {
  db: Db
  gateway: GatewayClient
  clock?: Clock
  /** EFTPAY_SECRET; a list while rotating (the first signs our acknowledgements). */
  secret: string | readonly string[]
  userKey: string
  /** The signer's public base URL: notify_url and return_url are built from it. */
  publicUrl: string
  ids?: IdFactory
  logger?: CoreLogger
  options?: Partial<PaymentsOptions>
}

export const DEFAULT_OPTIONS: PaymentsOptions = {
  defaultSessionTtlSeconds: 1800,
  paymentActiveTimeSeconds: 900,
  reconcileAfterSeconds: 30,
  dispatchLeaseMs: 60_000,
}

/** The `PaymentsService` the HTTP layer calls (domain/types.ts). Everything touching money is here. */
export function createPaymentsService(deps: PaymentsServiceDeps): PaymentsService & { core: Core } {
  const secrets = typeof deps.secret === 'string' ? [deps.secret] : [...deps.secret]
  if (secrets.length === 0) throw new Error('createPaymentsService needs the gateway secret')
  const core: Core = {
    db: deps.db,
    gateway: deps.gateway,
    clock: deps.clock ?? systemClock,
    ids: deps.ids ?? createIds(),
    logger: deps.logger ?? silentLogger,
    secrets,
    userKey: deps.userKey,
    publicUrl: deps.publicUrl.replace(/\/+$/, ''),
    options: { ...DEFAULT_OPTIONS, ...deps.options },
  }
  const { db, clock, logger } = core
  /** PreOrders in flight in this process: a double click waits for the first instead of a second order. */
  const inFlight = new Map<string, Promise<StoredPayment>>()

  function sessionNotFound(id: string): NotFoundError {
    return new NotFoundError({
      code: 'session_not_found',
      param: 'id',
      message: `No session ${id}. Check the id.`,
    })
  }

  async function loadSession(db: Db, id: string): Promise<StoredSession> {
    const session = await findSession(db, id)
    if (!session) throw sessionNotFound(id)
    return session
  }

  function assertPayable(session: StoredSession, now: Date): void {
    if (session.status === 'open' && now < session.expiresAt) return
    if (session.paidPaymentId || session.status === 'paid' || session.status.endsWith('refunded')) {
      throw new ConflictError({
        code: 'session_paid',
        message: 'This session is already paid. Show the shopper the result.',
      })
    }
    throw new ConflictError({
      code: 'session_not_open',
      message: 'This session has expired. Create a new session to take payment.',
    })
  }

  /** Rows the attempt lookup and insert share: one usable pending payment per (session, wallet, route). */
  async function newAttempt(
    tx: Db,
    session: StoredSession,
    wallet: StoredPayment['wallet'],
    route: Route,
    now: Date,
  ) {
    const attempt = await nextPaymentAttempt(tx, session.id)
    if (attempt > MAX_COUNTER)
      throw new ConflictError({
        code: 'session_not_open',
        message: 'Too many payment attempts. Create a new session.',
      })
    const remaining = Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000)
    // The order's own active_time never outlives the session (the session can then expire cleanly).
    const activeSeconds = Math.max(1, Math.min(core.options.paymentActiveTimeSeconds, remaining))
    const payment: StoredPayment = {
      id: core.ids.payment(),
      sessionId: session.id,
      wallet,
      service: route.service,
      payType: route.payType,
      payScene: route.pay_scene,
      buyerType: route.buyerType,
      routeKey: `${route.service}|${route.pay_scene}`,
      refundService: route.refundService,
      outTradeNo: outTradeNo(session.id, attempt),
      status: 'pending',
      amount: session.amount,
      currency: session.currency,
      dispatch: 'sending',
      dispatchUntil: new Date(now.getTime() + (core.options.dispatchLeaseMs ?? 60_000)),
      expiresAt: new Date(now.getTime() + activeSeconds * 1000),
      createdAt: now,
      updatedAt: now,
    }
    // Persisted before the gateway call: a crash after eftPay took the order never loses it.
    await insertPayment(tx, payment)
    return payment
  }

  /** Sends the PreOrder of a stored `sending` payment and records the verified reply. */
  function place(payment: StoredPayment, session: StoredSession, route: Route): Promise<StoredPayment> {
    const running = (async () => {
      const now = clock()
      try {
        const reply = await core.gateway.preOrder({
          service: route.service,
          transaction_amount: payment.amount,
          out_trade_no: payment.outTradeNo,
          payType: route.payType as never,
          buyerType: route.buyerType,
          subject: session.subject,
          wallet: route.wallet,
          body: session.body,
          pay_scene: route.pay_scene as never,
          fee_type: payment.currency,
          notify_url: `${core.publicUrl}/v1/gateway/notify`,
          return_url: `${core.publicUrl}/v1/gateway/return/${session.id}`,
          active_time: String(Math.max(1, Math.round((payment.expiresAt.getTime() - now.getTime()) / 1000))),
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
        await onPlaceFailure(payment, error, now)
        throw error instanceof GatewayError ? toApiError(error) : error
      }
    })()
    inFlight.set(payment.id, running)
    return running.finally(() => inFlight.delete(payment.id))
  }

  async function onPlaceFailure(payment: StoredPayment, error: unknown, now: Date): Promise<void> {
    if (error instanceof GatewayError && error.kind === 'invalid-request') {
      // Nothing was sent: the attempt never existed at eftPay.
      await deletePayment(db, payment.id)
      return
    }
    if (error instanceof GatewayError && error.kind === 'rejected') {
      logger.warn(
        { payment_id: payment.id, return_status: error.returnStatus, return_char: error.returnChar },
        'eftPay refused the PreOrder',
      )
      await db.transaction(async (tx) => {
        await setDispatch(tx, payment.id, 'placed', undefined, now)
        await applyPaymentStatus(tx, core, (await findPayment(tx, payment.id)) as StoredPayment, 'failed')
      })
      return
    }
    // Timeout, network, 5xx, malformed or badly signed reply: the order may exist. Keep it pending;
    // a retry queries it first and the reconciler follows it (never a second number meanwhile).
    logger.warn(
      { payment_id: payment.id, kind: error instanceof GatewayError ? error.kind : 'internal' },
      'PreOrder outcome unknown',
    )
    await setDispatch(db, payment.id, 'unknown', undefined, clock())
  }

  /**
   * A retried start whose earlier PreOrder has no known outcome: ask eftPay. Unknown there → send
   * the same order number again. Known and still pending, but its pay link never reached us → set
   * it aside (still followed to a final state) and start a fresh attempt.
   */
  async function recover(payment: StoredPayment, session: StoredSession, route: Route) {
    let exists = true
    let tradeStatus: string | undefined
    try {
      const reply = await core.gateway.query({ querytype: 'OUT_TRADE', out_trade_no: payment.outTradeNo })
      tradeStatus = reply.trade_status
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error
      if (error.kind !== 'rejected') throw toApiError(error)
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
      return { payment: await place(payment, session, route), created: false }
    }
    const applied = await db.transaction(async (tx) => {
      const result = await applyTradeStatus(tx, core, payment.id, tradeStatus as string)
      if (result.payment.status === 'pending')
        await setDispatch(tx, payment.id, 'abandoned', undefined, clock())
      return result
    })
    if (applied.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
    return undefined
  }

  async function startPaymentOnce(
    input: Parameters<PaymentsService['startPayment']>[0],
    allowRecover: boolean,
  ): Promise<{ payment: StoredPayment; created: boolean }> {
    const route = routeWallet(input.wallet, input.device, input.lang, { appLink: core.options.bocpayAppLink })
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
        if (existing.dispatch === 'sending' && existing.dispatchUntil && existing.dispatchUntil > now) {
          return { kind: 'in-flight' as const, session, payment: existing }
        }
        return { kind: 'recover' as const, session, payment: existing }
      }
      return {
        kind: 'new' as const,
        session,
        payment: await newAttempt(tx, session, input.wallet, route, now),
      }
    })
    switch (decision.kind) {
      case 'reuse':
        return { payment: decision.payment, created: false }
      case 'in-flight': {
        const running = inFlight.get(decision.payment.id)
        if (running) return { payment: await running, created: false }
        // Another signer instance (same database, behind one load balancer) is sending it: wait for
        // its outcome, then decide again (normally: reuse the order it placed).
        if (await sentElsewhere(decision.payment.id)) return startPaymentOnce(input, false)
        throw new ConflictError({
          code: 'payment_in_progress',
          message: 'This payment is being started right now. Send the same request again in a few seconds.',
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
        const recovered = await recover(decision.payment, decision.session, route)
        return recovered ?? startPaymentOnce(input, false)
      }
      case 'new':
        return { payment: await place(decision.payment, decision.session, route), created: true }
    }
  }

  /** Waits (a few seconds at most) until a PreOrder another instance is sending leaves `sending`. */
  async function sentElsewhere(paymentId: string): Promise<boolean> {
    for (let waited = 0; waited < 8_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      const current = await findPayment(db, paymentId)
      if (!current || current.dispatch !== 'sending') return true
    }
    return false
  }

  /**
   * Stores a verified notification and applies it, in the caller's transaction. A repeat (same
   * natural key) is applied at most once: two instances handed it at once, the second waits on the
   * first's row (its insert or the lock) and then sees it applied.
   */
  async function applyNotification(
    tx: Db,
    n: Notification,
    record: StoredNotification,
  ): Promise<PaymentApplied | undefined> {
    if (!(await storeNotification(tx, record))) {
      await lockNotification(tx, record.naturalKey)
      const stored = await findNotification(tx, record.naturalKey)
      if (stored?.appliedAt) return undefined // a repeat: already applied
    }
    const payment = await findPaymentByOutTradeNo(tx, n.out_trade_no)
    if (!payment) {
      logger.warn(
        { out_trade_no: n.out_trade_no },
        'notification for an unknown order: stored, not applied',
      )
      await markNotification(tx, record.naturalKey, 'unknown_payment', clock())
      return undefined
    }
    const amountMatches = n.total_fee === undefined || toCents(n.total_fee) === toCents(payment.amount)
    const currencyMatches = !n.currency || n.currency === payment.currency
    if (!amountMatches || !currencyMatches) {
      logger.error(
        {
          payment_id: payment.id,
          total_fee: n.total_fee,
          currency: n.currency,
          amount: payment.amount,
          expected_currency: payment.currency,
        },
        'NOTIFICATION AMOUNT OR CURRENCY DOES NOT MATCH THE PAYMENT: stored, not applied; investigate',
      )
      await markNotification(tx, record.naturalKey, 'amount_mismatch', clock())
      return undefined
    }
    const result = await applyTradeStatusTo(
      tx,
      core,
      payment,
      n.trade_status,
      n.eft_trade_no || n.eftpay_trade_no || undefined,
    )
    await markNotification(tx, record.naturalKey, 'applied', clock())
    return result
  }

  function ack(code: 'success' | 'false') {
    return signPayload({ return_code: code, time: formatGatewayTime(clock()) }, secrets[0] as string)
  }

  const service: PaymentsService & { core: Core } = {
    core,

    async createSession(input) {
      validateSessionInput(input)
      const now = clock()
      const id = core.ids.session()
      const session: StoredSession = {
        id,
        clientSecret: core.ids.clientSecret(id),
        status: 'open',
        amount: normalizeAmount(input.amount),
        currency: input.currency,
        subject: input.subject,
        body: input.body,
        reference: input.reference,
        successUrl: input.successUrl,
        cancelUrl: input.cancelUrl,
        sku: input.sku,
        quantity: input.quantity,
        amountPaid: '0.00',
        amountRefunded: '0.00',
        paymentAttempts: 0,
        refundCount: 0,
        expiresAt: new Date(
          now.getTime() + (input.expiresIn ?? core.options.defaultSessionTtlSeconds) * 1000,
        ),
        createdAt: now,
        updatedAt: now,
      }
      await insertSession(db, session)
      return session
    },

    async getSession(id) {
      const session = await findSession(db, id)
      if (!session) return undefined
      return {
        session,
        payments: await listSessionPayments(db, id),
        refunds: await listSessionRefunds(db, id),
      }
    },

    startPayment(input) {
      return startPaymentOnce(input, true)
    },

    async payWithApplePay(input) {
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
            message: 'An Apple Pay payment of this session is being sent right now. Wait for its answer.',
            retryable: true,
          })
        }
        return { session, payment: await newAttempt(tx, session, 'APPLEPAY', route, now) }
      })
      let reply
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
          await onPlaceFailure(payment, error, clock())
          return (await findPayment(db, payment.id)) as StoredPayment
        }
        await onPlaceFailure(payment, error, clock())
        throw error instanceof GatewayError ? toApiError(error) : error
      }
      const applied = await db.transaction(async (tx) => {
        await setDispatch(tx, payment.id, 'placed', undefined, clock())
        const current = (await findPayment(tx, payment.id)) as StoredPayment
        // A token payment is synchronous (§4.5): anything but TRADE_SUCCESS is final as failed here;
        // a later verified TRADE_SUCCESS would still move it to succeeded.
        const eftTradeNo = reply.eft_trade_no || undefined
        return reply.trade_status === 'TRADE_SUCCESS'
          ? applyTradeStatus(tx, core, current.id, 'TRADE_SUCCESS', eftTradeNo)
          : applyPaymentStatus(tx, core, current, 'failed', eftTradeNo)
      })
      if (applied.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
      return applied.payment
    },

    async handleNotification(payload): Promise<NotificationOutcome> {
      const checked = verify(payload, secrets)
      if (!checked.ok) {
        logger.warn(
          // Only a string is echoed: String() of an arbitrary JSON object can throw ({"toString":false}).
          { reason: checked.reason, out_trade_no: typeof payload.out_trade_no === 'string' ? payload.out_trade_no : '' },
          'refused a notification: bad signature',
        )
        return { status: 400, ack: ack('false') }
      }
      logger.info({ variant: checked.variant }, 'notification signature verified')
      const parsed = notification.safeParse(payload)
      if (!parsed.success) {
        logger.warn(
          { field: parsed.error.issues[0]?.path.join('.') },
          'refused a signed notification: malformed',
        )
        return { status: 400, ack: ack('false') }
      }
      const n = parsed.data
      if (n.user_confirm_key !== core.userKey) {
        logger.warn({ out_trade_no: n.out_trade_no }, 'refused a notification for another user_confirm_key')
        return { status: 400, ack: ack('false') }
      }
      const naturalKey = createHash('sha256').update(canonicalString(payload, true), 'utf8').digest('hex')
      const record: StoredNotification = {
        naturalKey,
        outTradeNo: n.out_trade_no,
        tradeStatus: n.trade_status,
        payload: JSON.stringify(payload),
        variant: checked.variant,
        result: 'received',
        receivedAt: clock(),
      }
      // Stored before it is acknowledged (PRODUCT.md "Truth comes from the gateway"), in the same
      // transaction that applies it: one commit instead of two. Should applying fail, that
      // transaction rolls back and the notification is stored on its own below, as `received`,
      // exactly as if it had been stored first; either way nothing is acknowledged unstored.
      const applyStored = (tx: Db) => applyNotification(tx, n, record)
      let applied: PaymentApplied | undefined
      try {
        applied = await db.transaction(applyStored)
      } catch (error) {
        await storeNotification(db, record).catch(() => undefined)
        throw error
      }
      if (applied?.autoRefund) await sendRefundQuietly(core, applied.autoRefund.id)
      return { status: 200, ack: ack('success') }
    },

    async handleReturn(sessionId, payload): Promise<SessionRecord | undefined> {
      const session = await findSession(db, sessionId)
      if (!session) return undefined
      // Advisory only (§7.2): a verified payload just makes us ask eftPay now instead of later.
      if (
        typeof payload.sign === 'string' &&
        verify(payload, secrets).ok &&
        typeof payload.out_trade_no === 'string'
      ) {
        const payment = await findPaymentByOutTradeNo(db, payload.out_trade_no)
        if (payment && payment.sessionId === sessionId && payment.status === 'pending') {
          await queryPayment(core, payment).catch((error: unknown) => {
            logger.warn(
              { payment_id: payment.id, error: error instanceof Error ? error.message : String(error) },
              'query on return failed',
            )
          })
        }
      }
      return findSession(db, sessionId)
    },

    async refreshPayment(paymentId) {
      const payment = await findPayment(db, paymentId)
      if (!payment)
        throw new NotFoundError({
          code: 'payment_not_found',
          param: 'payment_id',
          message: `No payment ${paymentId}.`,
        })
      if (payment.status === 'succeeded' || payment.dispatch === 'sending') return payment
      try {
        return (await queryPayment(core, payment)).payment
      } catch (error) {
        throw error instanceof GatewayError ? toApiError(error) : error
      }
    },

    async createRefund(input) {
      if (!input.paymentId && !input.sessionId) {
        throw new ValidationError({
          code: 'missing_field',
          param: 'payment_id',
          message: 'Send payment_id or session_id.',
        })
      }
      if (input.amount !== undefined && (!isAmount(input.amount) || toCents(input.amount) <= 0n)) {
        throw new ValidationError({
          param: 'amount',
          message: 'amount must be more than zero with at most 2 decimals, like "12.50".',
        })
      }
      if (input.reason !== undefined && (input.reason.length === 0 || input.reason.length > 256)) {
        throw new ValidationError({ param: 'reason', message: 'reason must be 1 to 256 characters.' })
      }
      const refund = await db.transaction(async (tx) => {
        let payment: StoredPayment | undefined
        if (input.paymentId) {
          payment = await findPayment(tx, input.paymentId)
          if (!payment)
            throw new NotFoundError({
              code: 'payment_not_found',
              param: 'payment_id',
              message: `No payment ${input.paymentId}.`,
            })
          if (input.sessionId && payment.sessionId !== input.sessionId) {
            throw new ValidationError({
              param: 'payment_id',
              message: 'payment_id does not belong to session_id.',
            })
          }
        } else {
          const session = await findSession(tx, input.sessionId as string)
          if (!session)
            throw new NotFoundError({
              code: 'session_not_found',
              param: 'session_id',
              message: `No session ${input.sessionId}.`,
            })
          payment = session.paidPaymentId ? await findPayment(tx, session.paidPaymentId) : undefined
          if (!payment) {
            throw new ConflictError({
              code: 'payment_not_refundable',
              param: 'session_id',
              message: 'This session has no successful payment to refund.',
            })
          }
        }
        if (payment.status !== 'succeeded') {
          throw new ConflictError({
            code: 'payment_not_refundable',
            param: 'payment_id',
            message: `Only a succeeded payment can be refunded; this one is ${payment.status}.`,
          })
        }
        // Lock the payment row (an UPDATE locks it on Postgres too), then check what is left.
        await tx.execute('UPDATE payments SET updated_at = updated_at WHERE id = ?', [payment.id])
        const left = toCents(payment.amount) - (await reservedRefundCents(tx, payment.id))
        const cents = input.amount !== undefined ? toCents(input.amount) : left
        if (left <= 0n || cents > left) {
          throw new ConflictError({
            code: 'refund_exceeds_payment',
            param: 'amount',
            message: `At most ${fromCents(left > 0n ? left : 0n)} ${payment.currency} of this payment can still be refunded.`,
          })
        }
        const now = clock()
        const number = await nextRefundNumber(tx, payment.sessionId)
        const record: StoredRefund = {
          id: core.ids.refund(),
          paymentId: payment.id,
          sessionId: payment.sessionId,
          outRefundNo: outRefundNo(payment.sessionId, number),
          amount: fromCents(cents),
          currency: payment.currency,
          reason: input.reason,
          status: 'pending',
          automatic: false,
          dispatch: 'sending',
          createdAt: now,
          updatedAt: now,
        }
        await insertRefund(tx, record)
        return record
      })
      return sendRefund(core, refund.id)
    },

    async getRefund(id) {
      const refund = await findRefund(db, id)
      if (!refund || refund.status !== 'pending') return refund
      try {
        return await followRefund(core, refund)
      } catch (error) {
        // The stored state is still right, just not fresher: answer it rather than fail the read.
        logger.warn(
          { refund_id: id, error: error instanceof Error ? error.message : String(error) },
          'refund refresh failed',
        )
        return (await findRefund(db, id)) as StoredRefund
      }
    },

    reconcile() {
      return reconcile(core)
    },
  }
  return service
}
