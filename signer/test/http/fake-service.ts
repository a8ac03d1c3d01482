import { randomBytes } from 'node:crypto'
import type {
  PaymentRecord,
  PaymentsService,
  RefundRecord,
  SessionRecord,
  SessionWithChildren,
} from '../../src/domain/types.js'
import { ConflictError, NotFoundError, UpstreamError } from '../../src/errors.js'
import type { GatewayError } from '../../src/gateway/gateway-error.js'

/**
 * A small in-memory PaymentsService for route tests: it keeps records and follows the contract's
 * visible behaviour (idempotent startPayment, 409 on a paid session) but talks to no gateway. The
 * money rules themselves are tested against the real service in test/integration.
 */
export interface FakeService extends PaymentsService {
  sessions: Map<string, SessionRecord>
  payments: Map<string, PaymentRecord>
  refunds: Map<string, RefundRecord>
  calls: string[]
  /** Makes the next startPayment fail with this gateway error. */
  failNext?: GatewayError
}

const hex = (n: number) => randomBytes(n).toString('hex')

export function fakeService(now: () => Date = () => new Date('2026-11-21T12:00:00Z')): FakeService {
  const sessions = new Map<string, SessionRecord>()
  const payments = new Map<string, PaymentRecord>()
  const refunds = new Map<string, RefundRecord>()
  const calls: string[] = []
  const children = (session: SessionRecord): SessionWithChildren => ({
    session,
    payments: [...payments.values()].filter((p) => p.sessionId === session.id),
    refunds: [...refunds.values()].filter((r) => r.sessionId === session.id),
  })
  function payWithToken(
    input: { sessionId: string; tokenId: string },
    wallet: 'APPLEPAY' | 'GOOGLEPAY',
  ): PaymentRecord {
    calls.push(`payWith${wallet === 'APPLEPAY' ? 'Apple' : 'Google'}Pay:${input.tokenId}`)
    const session = sessions.get(input.sessionId)
    if (!session) throw new NotFoundError({ code: 'session_not_found', message: 'no session' })
    const payment: PaymentRecord = {
      id: `py_${hex(10)}`,
      sessionId: session.id,
      wallet,
      service: `service.mpgs.token.${wallet === 'APPLEPAY' ? 'Apple' : 'Google'}Pay`,
      outTradeNo: `${session.id.slice(3, 23)}A1`,
      status: 'succeeded',
      amount: session.amount,
      currency: session.currency,
      expiresAt: now(),
      createdAt: now(),
      updatedAt: now(),
    }
    payments.set(payment.id, payment)
    sessions.set(session.id, { ...session, status: 'paid', amountPaid: session.amount })
    return payment
  }
  const service: FakeService = {
    sessions,
    payments,
    refunds,
    calls,
    async createSession(input) {
      calls.push('createSession')
      const id = `cs_${hex(10)}`
      const session: SessionRecord = {
        id,
        clientSecret: `${id}_secret_${randomBytes(24).toString('base64url')}`,
        status: 'open',
        amount: input.amount,
        currency: input.currency,
        subject: input.subject,
        ...(input.body ? { body: input.body } : {}),
        ...(input.reference ? { reference: input.reference } : {}),
        successUrl: input.successUrl,
        cancelUrl: input.cancelUrl,
        ...(input.sku ? { sku: input.sku, quantity: input.quantity ?? 1 } : {}),
        amountPaid: '0.00',
        amountRefunded: '0.00',
        expiresAt: new Date(now().getTime() + (input.expiresIn ?? 1800) * 1000),
        createdAt: now(),
      }
      sessions.set(id, session)
      return session
    },
    async getSession(id) {
      const session = sessions.get(id)
      return session ? children(session) : undefined
    },
    async findSession(id) {
      return sessions.get(id)
    },
    async startPayment(input) {
      calls.push('startPayment')
      if (service.failNext) {
        const error = service.failNext
        delete service.failNext
        throw error
      }
      const session = sessions.get(input.sessionId)
      if (!session) throw new NotFoundError({ code: 'session_not_found', message: 'no session' })
      if (session.status !== 'open')
        throw new ConflictError({ code: 'session_paid', message: 'This session is already paid.' })
      const existing = [...payments.values()].find(
        (p) => p.sessionId === session.id && p.wallet === input.wallet && p.status === 'pending',
      )
      if (existing) return { payment: existing, created: false }
      const id = `py_${hex(10)}`
      const payment: PaymentRecord = {
        id,
        sessionId: session.id,
        wallet: input.wallet,
        service: 'service.alipay.wap.PreOrder',
        outTradeNo: `${session.id.slice(3, 23)}P1`,
        eftTradeNo: `EFT${hex(6)}`,
        status: 'pending',
        amount: session.amount,
        currency: session.currency,
        nextAction: {
          type: input.device.mobile ? 'redirect' : 'qr_code',
          url: `https://pay.example/${id}`,
        },
        expiresAt: new Date(now().getTime() + 900_000),
        createdAt: now(),
        updatedAt: now(),
      }
      payments.set(id, payment)
      return { payment, created: true }
    },
    async payWithApplePay(input) {
      return payWithToken(input, 'APPLEPAY')
    },
    async payWithGooglePay(input) {
      return payWithToken(input, 'GOOGLEPAY')
    },
    async handleNotification(payload) {
      calls.push('handleNotification')
      const ok = payload.sign === 'good'
      return {
        status: ok ? 200 : 400,
        ack: {
          return_code: ok ? 'success' : 'false',
          time: '20261121200000',
          sign: 'x'.repeat(64),
        },
      }
    },
    async handleReturn(sessionId) {
      calls.push('handleReturn')
      const session = sessions.get(sessionId)
      if (!session) return undefined
      const paid = ['paid', 'partially_refunded', 'refunded'].includes(session.status)
      const target = new URL(paid ? session.successUrl : session.cancelUrl)
      target.searchParams.set('session_id', session.id)
      return target.toString()
    },
    async refreshPayment(id) {
      const payment = payments.get(id)
      if (!payment) throw new NotFoundError({ code: 'payment_not_found', message: 'no payment' })
      return payment
    },
    async createRefund(input) {
      calls.push('createRefund')
      const payment = input.paymentId
        ? payments.get(input.paymentId)
        : [...payments.values()].find(
            (p) => p.sessionId === input.sessionId && p.status === 'succeeded',
          )
      if (!payment)
        throw new NotFoundError({
          code: 'payment_not_found',
          param: 'payment_id',
          message: 'no payment',
        })
      if (payment.status !== 'succeeded')
        throw new ConflictError({ code: 'payment_not_refundable', message: 'not paid' })
      const refund: RefundRecord = {
        id: `re_${hex(10)}`,
        paymentId: payment.id,
        sessionId: payment.sessionId,
        outRefundNo: `${payment.outTradeNo}R1`,
        amount: input.amount ?? payment.amount,
        currency: payment.currency,
        ...(input.reason ? { reason: input.reason } : {}),
        status: 'pending',
        automatic: false,
        createdAt: now(),
        updatedAt: now(),
      }
      refunds.set(refund.id, refund)
      return refund
    },
    async getRefund(id) {
      return refunds.get(id)
    },
    async listNeedsAttention() {
      return { payments: [], refunds: [], hasMore: false }
    },
    async reconcile() {
      return {
        paymentsQueried: 0,
        paymentsChanged: 0,
        sessionsExpired: 0,
        refundsQueried: 0,
        refundsChanged: 0,
        paymentsFlagged: 0,
        refundsFlagged: 0,
      }
    },
  }
  return service
}

/** Marks a session paid with one succeeded payment (for refund tests). */
export function markPaid(service: FakeService, sessionId: string): PaymentRecord {
  const session = service.sessions.get(sessionId)
  if (!session) throw new Error('no session')
  service.sessions.set(sessionId, { ...session, status: 'paid', amountPaid: session.amount })
  const payment = [...service.payments.values()].find((p) => p.sessionId === sessionId)
  if (!payment) throw new Error('no payment')
  const paid = { ...payment, status: 'succeeded' as const }
  service.payments.set(payment.id, paid)
  return paid
}

export { UpstreamError }
