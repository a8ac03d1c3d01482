import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterEach, describe, expect, it } from 'vitest'
import type { CoreLogger } from '../../src/domain/context.js'
import type { PaymentRecord } from '../../src/domain/types.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { formatGatewayDateTime, formatGatewayTime } from '../../src/gateway/hk-time.js'
import { signPayload } from '../../src/gateway/sign.js'
import { listNotifications } from '../../src/store/notifications.js'
import { listEvents } from '../../src/webhooks/outbox.js'
import { type Harness, newSession, PHONE, startHarness, startPaying } from './harness.js'

/**
 * Uncertainty is never resolved as failure (docs/api.md "State rules"): a payment becomes final
 * only on a verified, documented final answer for that order. Whatever else eftPay says (a refused
 * token reply, a status no page documents, a reply for another amount or another trade type)
 * leaves it open: asked again with backoff, and flagged for a person past the horizon.
 */

const logged: Array<{ level: string; obj: object; msg?: string }> = []
const logger: CoreLogger = {
  info: (obj, msg) => void logged.push({ level: 'info', obj, msg }),
  warn: (obj, msg) => void logged.push({ level: 'warn', obj, msg }),
  error: (obj, msg) => void logged.push({ level: 'error', obj, msg }),
}

const GOOGLE_TOKEN = '{"protocolVersion":"ECv2","signature":"sig","signedMessage":"card"}'
const APPLE_TOKEN = JSON.stringify({ version: 'EC_v1', data: 'card', signature: 's', header: {} })
const HORIZON_HOURS = 48

let h: Harness
afterEach(async () => {
  logged.length = 0
  await h.close()
})

const start = () =>
  startHarness({ deps: { logger, options: { needsAttentionAfterHours: HORIZON_HOURS } } })

const types = async () => (await listEvents(h.db)).map((e) => e.type)

/** What eftPay itself says of an order now (a clean query, outside the signer). */
const gatewaySays = async (outTradeNo: string) =>
  (await h.gateway.query({ querytype: 'OUT_TRADE', out_trade_no: outTradeNo })).trade_status

describe.each([
  ['Google Pay', 'payWithGooglePay', GOOGLE_TOKEN],
  ['Apple Pay', 'payWithApplePay', APPLE_TOKEN],
] as const)('a %s token payment', (_name, pay, token) => {
  it('refused on the reply (return_status not 00) is not failed: it is asked again and ends paid as eftPay says', async () => {
    h = await start()
    const session = await newSession(h)
    // eftPay charges the card, but its reply says 99 and the notification is lost.
    await h.faults({ servlet: 'JSAPIService.do', count: 1, add_fields: { return_status: '99' } })
    await h.faults({ notify: { drop: 1 } })
    const answered = await h.service[pay]({ sessionId: session.id, tokenId: token, device: PHONE })
    expect(answered.status).not.toBe('failed')
    expect(await gatewaySays(answered.outTradeNo)).toBe('TRADE_SUCCESS')
    h.clock.advance(31)
    await h.service.reconcile()
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('succeeded')
    expect(after?.session.status).toBe('paid')
    expect(await types()).not.toContain('payment.failed')
  })

  it('refused, and eftPay has no such order: failed at once (the documented answer)', async () => {
    // eftPay refuses the token payment without creating an order (nothing reaches the sandbox).
    h = await startHarness({
      deps: { logger },
      wrapGateway: (real) => ({
        ...real,
        [pay === 'payWithApplePay' ? 'applePay' : 'googlePay']: async () => {
          throw new GatewayError({ kind: 'rejected', returnStatus: '04', message: 'refused' })
        },
      }),
    })
    const session = await newSession(h)
    const answered = await h.service[pay]({ sessionId: session.id, tokenId: token, device: PHONE })
    expect(answered.status).toBe('failed')
  })

  it('whose reply states another amount is not paid on it; the same amount rule as queries and notifications', async () => {
    h = await start()
    const session = await newSession(h, { amount: '500.00' })
    // Every answer of eftPay names 0.01 for this 500.00 order: it is never believed.
    await h.faults({ servlet: 'JSAPIService.do', count: 1, add_fields: { total_fee: '0.01' } })
    await h.faults({ servlet: 'QRcodeTradeQuery.do', add_fields: { transaction_amount: '0.01' } })
    await h.faults({ notify: { drop: 1 } })
    const answered = await h.service[pay]({ sessionId: session.id, tokenId: token, device: PHONE })
    expect(answered.status).toBe('pending')
    h.clock.advance(31)
    await h.service.reconcile()
    expect((await h.service.getSession(session.id))?.session.status).toBe('open')
    expect(
      logged.some((l) => l.level === 'error' && /AMOUNT DOES NOT MATCH/.test(l.msg ?? '')),
    ).toBe(true)
    // Once eftPay names the session's own amount, it is paid.
    await h.clearFaults()
    h.clock.advance(3600)
    await h.service.reconcile()
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
  })
})

describe('an Octopus order (no notifications) answered with a status no page documents', () => {
  it('stays open past its active time, is asked again with backoff, never expires, and is flagged past the horizon', async () => {
    h = await start()
    const session = await newSession(h)
    const payment = await startPaying(h, session.id, 'OCT')
    await h.pay(payment, 'success')
    await h.faults({
      servlet: 'QRcodeTradeQuery.do',
      add_fields: { trade_status: 'TRADE_FINISHED' },
    })
    const queries = () => h.gatewayCalls.filter((c) => c.servlet === 'QRcodeTradeQuery.do').length

    // Well past the order's active time (900 s) and the session's lifetime (1800 s).
    h.clock.advance(1900)
    await h.service.reconcile()
    const asked = queries()
    for (let pass = 0; pass < 20; pass++) {
      h.clock.advance(31)
      await h.service.reconcile()
    }
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('pending')
    expect(after?.session.status).toBe('open')
    expect(await types()).not.toContain('payment.expired')
    // Asked again, but ever less often: fewer queries than passes.
    expect(queries()).toBeGreaterThan(asked)
    expect(queries() - asked).toBeLessThan(10)

    // Past the horizon: flagged once (an event, an error-level log line, the list), status unchanged.
    expect(await types()).not.toContain('payment.needs_attention')
    h.clock.advance(HORIZON_HOURS * 3600)
    await h.service.reconcile()
    await h.service.reconcile()
    const flagged = await listEvents(h.db, { type: 'payment.needs_attention' })
    expect(flagged).toHaveLength(1)
    expect(JSON.parse(flagged[0]?.payload as string).data.payment).toMatchObject({
      id: payment.id,
      status: 'pending',
      needs_attention: true,
    })
    expect(
      logged.filter((l) => l.level === 'error' && /NEEDS ATTENTION/.test(l.msg ?? '')),
    ).toHaveLength(1)
    const list = await h.service.listNeedsAttention()
    expect(list.payments.map((p) => p.id)).toEqual([payment.id])
    expect(list.payments[0]?.status).toBe('pending')

    // eftPay answers a documented status again: the payment is paid and leaves the list.
    await h.clearFaults()
    h.clock.advance(3600)
    await h.service.reconcile()
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
    expect((await h.service.listNeedsAttention()).payments).toEqual([])
  })

  it('an abandoned cart still ends expired: eftPay answers TRADE_CLOSED after the active time', async () => {
    h = await start()
    const session = await newSession(h)
    await startPaying(h, session.id, 'OCT')
    h.clock.advance(1900)
    await h.service.reconcile()
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('expired')
    expect(after?.session.status).toBe('expired')
  })
})

describe('eftPay\'s documented "no such order" for an order it had taken', () => {
  it('leaves it pending while the shopper could still pay, and expires it after its active time', async () => {
    let forgotten = false
    h = await startHarness({
      deps: { logger },
      wrapGateway: (real) => ({
        ...real,
        query: async (input) => {
          if (!forgotten) return real.query(input)
          throw new GatewayError({ kind: 'order-not-found', returnStatus: '08', message: 'gone' })
        },
      }),
    })
    const session = await newSession(h)
    const payment = await startPaying(h, session.id, 'OCT')
    forgotten = true
    h.clock.advance(31)
    await h.service.reconcile()
    expect((await h.service.getSession(session.id))?.payments[0]?.status).toBe('pending')
    h.clock.advance(900)
    await h.service.reconcile()
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]).toMatchObject({ id: payment.id, status: 'expired' })
  })
})

describe('a retried start whose earlier PreOrder got no answer', () => {
  it('reads the query of the earlier order with the same amount rule: another amount pays nothing', async () => {
    h = await startHarness({ deps: { logger }, timeoutMs: 500 })
    const session = await newSession(h)
    // eftPay takes the PreOrder but its reply comes too late: the outcome is unknown.
    await h.faults({ servlet: 'JSAPIService.do', count: 1, latency_ms: 1_500 })
    await expect(startPaying(h, session.id)).rejects.toThrow()
    const [earlier] = (await h.service.getSession(session.id))?.payments ?? []
    const order = await h.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: earlier?.outTradeNo as string,
    })
    // The shopper pays it anyway (the notification is lost); every query names 0.01.
    await h.faults({ notify: { drop: 1 } })
    await h.pay({ ...(earlier as PaymentRecord), eftTradeNo: order.eft_trade_no }, 'success')
    await h.faults({ servlet: 'QRcodeTradeQuery.do', add_fields: { transaction_amount: '0.01' } })
    await startPaying(h, session.id).catch(() => undefined)
    let after = await h.service.getSession(session.id)
    expect(after?.payments.find((p) => p.id === earlier?.id)?.status).toBe('pending')
    expect(after?.session.status).toBe('open')
    // Once eftPay names the session's own amount, it is paid.
    await h.clearFaults()
    h.clock.advance(31)
    await h.service.reconcile()
    after = await h.service.getSession(session.id)
    expect(after?.payments.find((p) => p.id === earlier?.id)?.status).toBe('succeeded')
  })
})

describe('a notification of another trade type', () => {
  it('moves no sale: a signed REFUND notification with TRADE_CLOSED leaves the pending sale pending', async () => {
    h = await start()
    const session = await newSession(h)
    const payment = await startPaying(h, session.id)
    const refundNote = signPayload(
      {
        notify_type: 'trade_status_sync',
        trade_type: 'REFUND',
        user_confirm_key: SANDBOX_USER_KEY,
        out_trade_no: payment.outTradeNo,
        eft_trade_no: payment.eftTradeNo as string,
        eftpay_trade_no: payment.eftTradeNo as string,
        total_fee: payment.amount,
        currency: payment.currency,
        return_amount: '1.00',
        refund_no: 'R_SOMETHING_1',
        trade_status: 'TRADE_CLOSED',
        gmt_payment: formatGatewayDateTime(h.clock.read()),
        time: formatGatewayTime(h.clock.read()),
      },
      SANDBOX_SECRET,
    )
    const outcome = await h.service.handleNotification(refundNote)
    // Stored and acknowledged (it is genuine), but not applied to the sale.
    expect(outcome.status).toBe(200)
    const after = await h.service.getSession(session.id)
    expect(after?.payments[0]?.status).toBe('pending')
    expect(await types()).not.toContain('payment.failed')
    expect((await listNotifications(h.db, payment.outTradeNo)).map((n) => n.result)).toEqual([
      'not_a_sale',
    ])
    // The sale itself still completes as usual.
    await h.pay(payment, 'success')
    expect((await h.service.getSession(session.id))?.session.status).toBe('paid')
  })
})
