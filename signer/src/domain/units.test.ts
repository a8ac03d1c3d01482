import { describe, expect, it } from 'vitest'
import { toApiError } from '../error-mapping.js'
import { GatewayError } from '../gateway/gateway-error.js'
import { createIds, outRefundNo, outTradeNo } from './ids.js'
import { paymentJson, publicSessionJson, refundJson, sessionJson } from './serialize.js'
import { paymentStatusFor, refundStatusFor } from './trade-status.js'
import { assertTransition, canTransition, InvalidTransitionError } from './transitions.js'
import type { PaymentRecord, RefundRecord, SessionRecord } from './types.js'

describe('transitions', () => {
  const payment: [string, string, boolean][] = [
    ['pending', 'succeeded', true],
    ['pending', 'failed', true],
    ['pending', 'expired', true],
    ['failed', 'succeeded', true],
    ['expired', 'succeeded', true],
    ['succeeded', 'failed', false],
    ['succeeded', 'pending', false],
    ['failed', 'pending', false],
    ['failed', 'expired', false],
    ['expired', 'failed', false],
    ['pending', 'pending', false],
  ]
  it.each(payment)('payment %s → %s: %s', (from, to, ok) => {
    expect(canTransition('payment', from as never, to as never)).toBe(ok)
  })
  const session: [string, string, boolean][] = [
    ['open', 'paid', true],
    ['open', 'expired', true],
    ['expired', 'paid', true],
    ['paid', 'partially_refunded', true],
    ['paid', 'refunded', true],
    ['partially_refunded', 'refunded', true],
    ['paid', 'open', false],
    ['paid', 'expired', false],
    ['refunded', 'paid', false],
    ['expired', 'open', false],
    ['open', 'refunded', false],
  ]
  it.each(session)('session %s → %s: %s', (from, to, ok) => {
    expect(canTransition('session', from as never, to as never)).toBe(ok)
  })
  it('refunds only leave pending', () => {
    expect(canTransition('refund', 'pending', 'succeeded')).toBe(true)
    expect(canTransition('refund', 'pending', 'failed')).toBe(true)
    expect(canTransition('refund', 'succeeded', 'failed')).toBe(false)
    expect(canTransition('refund', 'failed', 'succeeded')).toBe(false)
    expect(() => assertTransition('refund', 'failed', 'pending')).toThrow(InvalidTransitionError)
  })
})

describe('trade status mapping', () => {
  it('maps sale states, TRADE_CLOSED by the active time, unknown as pending', () => {
    expect(paymentStatusFor('TRADE_SUCCESS', false)).toBe('succeeded')
    expect(paymentStatusFor('TRADE_FAIL', false)).toBe('failed')
    expect(paymentStatusFor('TRADE_CLOSED', false)).toBe('failed')
    expect(paymentStatusFor('TRADE_CLOSED', true)).toBe('expired')
    expect(paymentStatusFor('TRADE_PROCESSING', true)).toBe('pending')
    expect(paymentStatusFor('SOMETHING_NEW', false)).toBe('pending')
  })
  it('maps refund states', () => {
    expect(refundStatusFor('TRADE_REFUND')).toBe('succeeded')
    expect(refundStatusFor('TRADE_CLOSED')).toBe('succeeded')
    expect(refundStatusFor('TRADE_FAIL')).toBe('failed')
    expect(refundStatusFor('APPLY_SUCCESS')).toBe('pending')
    expect(refundStatusFor('TRADE_PROCESSING')).toBe('pending')
  })
})

describe('ids', () => {
  it('derives gateway numbers of at most 28 alphanumerics', () => {
    const ids = createIds()
    const session = ids.session()
    expect(session).toMatch(/^cs_[0-9a-f]{20}$/)
    expect(ids.payment()).toMatch(/^py_[0-9a-f]{20}$/)
    expect(ids.clientSecret(session)).toMatch(new RegExp(`^${session}_secret_[A-Za-z0-9_-]{32}$`))
    expect(outTradeNo(session, 9_999_999)).toMatch(/^[0-9a-f]{20}P9999999$/)
    expect(outTradeNo(session, 9_999_999).length).toBe(28)
    expect(outRefundNo(session, 1)).toMatch(/^[0-9a-f]{20}R1$/)
    expect(() => outTradeNo(session, 10_000_000)).toThrow(RangeError)
    expect(new Set(Array.from({ length: 200 }, () => ids.clientSecret(session))).size).toBe(200)
  })
})

describe('gateway error mapping', () => {
  const cases: [ConstructorParameters<typeof GatewayError>[0], number, string, boolean][] = [
    [{ kind: 'timeout', message: 't' }, 504, 'gateway_timeout', true],
    [{ kind: 'network', message: 'n' }, 502, 'gateway_unavailable', true],
    [{ kind: 'http', message: 'h', httpStatus: 503 }, 502, 'gateway_unavailable', true],
    [{ kind: 'malformed', message: 'm' }, 502, 'gateway_bad_reply', true],
    [{ kind: 'signature', message: 's' }, 502, 'gateway_signature', true],
    [
      { kind: 'rejected', message: 'r', returnStatus: '04', returnChar: 'SECRET DETAIL' },
      502,
      'gateway_rejected',
      false,
    ],
  ]
  it.each(cases)('%o → %i %s', (input, status, code, retryable) => {
    const error = toApiError(new GatewayError(input))
    expect(error).toMatchObject({ status, code, retryable })
    expect(JSON.stringify(error?.toJSON())).not.toContain('SECRET DETAIL')
  })
  it('names the API field for a request that broke a gateway limit', () => {
    const error = toApiError(
      new GatewayError({ kind: 'invalid-request', field: 'transaction_amount', message: 'x' }),
    )
    expect(error).toMatchObject({ status: 400, param: 'amount', type: 'invalid_request_error' })
  })
})

describe('serializers follow docs/api.md', () => {
  const at = new Date('2026-11-21T12:00:00.000Z')
  const session: SessionRecord = {
    id: 'cs_1',
    clientSecret: 'cs_1_secret_x',
    status: 'paid',
    amount: '128.00',
    currency: 'HKD',
    subject: 'Tea',
    successUrl: 'https://s/ok',
    cancelUrl: 'https://s/no',
    amountPaid: '128.00',
    amountRefunded: '0.00',
    expiresAt: at,
    createdAt: at,
  }
  const payment: PaymentRecord = {
    id: 'py_1',
    sessionId: 'cs_1',
    wallet: 'ALIPAYHK',
    service: 'service.alipay.wap.PreOrder',
    outTradeNo: 'abcP1',
    eftTradeNo: 'E1',
    status: 'pending',
    amount: '128.00',
    currency: 'HKD',
    nextAction: { type: 'redirect', url: 'https://pay' },
    expiresAt: at,
    createdAt: at,
    updatedAt: at,
  }
  const refund: RefundRecord = {
    id: 're_1',
    paymentId: 'py_1',
    sessionId: 'cs_1',
    outRefundNo: 'abcR1',
    amount: '20.00',
    currency: 'HKD',
    status: 'pending',
    automatic: false,
    createdAt: at,
    updatedAt: at,
  }
  it('has exactly the documented keys', () => {
    expect(
      Object.keys(sessionJson({ session, payments: [payment], refunds: [refund] })).sort(),
    ).toEqual(
      [
        'id',
        'object',
        'status',
        'amount',
        'currency',
        'subject',
        'body',
        'reference',
        'link_id',
        'success_url',
        'cancel_url',
        'client_secret',
        'amount_paid',
        'amount_refunded',
        'expires_at',
        'created_at',
        'payments',
        'refunds',
      ].sort(),
    )
    expect(paymentJson(payment)).toEqual({
      id: 'py_1',
      object: 'payment',
      session_id: 'cs_1',
      wallet: 'ALIPAYHK',
      service: 'service.alipay.wap.PreOrder',
      out_trade_no: 'abcP1',
      eft_trade_no: 'E1',
      status: 'pending',
      amount: '128.00',
      currency: 'HKD',
      next_action: { type: 'redirect', url: 'https://pay' },
      expires_at: at.toISOString(),
      created_at: at.toISOString(),
      needs_attention: false,
    })
    expect(paymentJson({ ...payment, status: 'succeeded' }).next_action).toBeNull()
    // Flagged for a person while pending past the horizon; the flag goes with the uncertainty.
    expect(paymentJson({ ...payment, needsAttentionAt: at }).needs_attention).toBe(true)
    expect(
      paymentJson({ ...payment, status: 'failed', needsAttentionAt: at }).needs_attention,
    ).toBe(false)
    // A success past a payment link's limit is flagged (docs/api.md "The payment limit").
    expect(
      paymentJson({ ...payment, status: 'succeeded', needsAttentionAt: at }).needs_attention,
    ).toBe(true)
    expect(refundJson(refund)).toEqual({
      id: 're_1',
      object: 'refund',
      payment_id: 'py_1',
      session_id: 'cs_1',
      amount: '20.00',
      currency: 'HKD',
      reason: null,
      status: 'pending',
      created_at: at.toISOString(),
      needs_attention: false,
    })
    expect(refundJson({ ...refund, needsAttentionAt: at }).needs_attention).toBe(true)
  })
  it('the public view leaks no secret, reference or gateway numbers', () => {
    const view = publicSessionJson({
      session: { ...session, reference: 'R' },
      payments: [payment],
      refunds: [refund],
    })
    expect(view.payments).toEqual([{ id: 'py_1', wallet: 'ALIPAYHK', status: 'pending' }])
    expect(JSON.stringify(view)).not.toMatch(/secret|abcP1|"reference"/)
    expect(
      publicSessionJson({ session, payments: [], refunds: [] }, { includeClientSecret: true })
        .client_secret,
    ).toBe('cs_1_secret_x')
  })
})
