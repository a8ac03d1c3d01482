import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findPayment } from '../../src/store/payments.js'
import { type Harness, newSession, PHONE, startHarness } from './harness.js'

describe('starting a payment is idempotent and never orphans an order', () => {
  let h: Harness
  // The harness's generous default gateway timeout; only the timeout test shortens it, for itself.
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('a double click answers the same pending payment, with one gateway order', async () => {
    const session = await newSession(h)
    const input = { sessionId: session.id, wallet: 'ALIPAYHK' as const, device: PHONE }
    const [a, b] = await Promise.all([h.service.startPayment(input), h.service.startPayment(input)])
    expect(a.payment.id).toBe(b.payment.id)
    expect([a.created, b.created].sort()).toEqual([false, true])
    const c = await h.service.startPayment(input)
    expect(c).toMatchObject({
      created: false,
      payment: { id: a.payment.id, nextAction: a.payment.nextAction },
    })
    const stored = await h.service.getSession(session.id)
    expect(stored?.payments).toHaveLength(1)
    // One gateway order: a single PreOrder reached eftPay, for the stored payment's number.
    expect(h.gatewayCalls.filter((call) => call.service?.endsWith('PreOrder'))).toHaveLength(1)
    expect(h.preOrderNumbers()).toEqual([stored?.payments[0]?.outTradeNo])
  })

  it('another wallet or another route is a new payment', async () => {
    const session = await newSession(h)
    const a = await h.service.startPayment({
      sessionId: session.id,
      wallet: 'ALIPAYHK',
      device: PHONE,
    })
    const b = await h.service.startPayment({
      sessionId: session.id,
      wallet: 'WECHATHK',
      device: PHONE,
    })
    const c = await h.service.startPayment({
      sessionId: session.id,
      wallet: 'ALIPAYHK',
      device: { ...PHONE, mobile: false },
    })
    expect(new Set([a.payment.id, b.payment.id, c.payment.id]).size).toBe(3)
  })

  it('a pending payment past its active time is not answered again', async () => {
    const session = await newSession(h)
    const a = await h.service.startPayment({
      sessionId: session.id,
      wallet: 'ALIPAYHK',
      device: PHONE,
    })
    h.clock.advance(901)
    const b = await h.service.startPayment({
      sessionId: session.id,
      wallet: 'ALIPAYHK',
      device: PHONE,
    })
    expect(b.created).toBe(true)
    expect(b.payment.id).not.toBe(a.payment.id)
  })

  it('a 5xx keeps the payment pending; the retry finds no order and sends the same out_trade_no again', async () => {
    const session = await newSession(h)
    const input = { sessionId: session.id, wallet: 'ALIPAYHK' as const, device: PHONE }
    await h.faults({ servlet: 'JSAPIService.do', http_status: 503, count: 1 })
    await expect(h.service.startPayment(input)).rejects.toMatchObject({
      kind: 'http',
      retryable: true,
    })
    const [kept] = (await h.service.getSession(session.id))?.payments ?? []
    expect(kept).toMatchObject({ status: 'pending' })
    const retry = await h.service.startPayment(input)
    expect(retry.payment.id).toBe(kept?.id)
    expect(retry.payment.outTradeNo).toBe(kept?.outTradeNo)
    expect(retry.payment.nextAction?.type).toBe('redirect')
    expect((await h.service.getSession(session.id))?.payments).toHaveLength(1)
  })

  it('a timeout after eftPay took the order: the retry finds it, sets it aside and starts a fresh attempt', async () => {
    // A short timeout for this test alone, and a reply four times later than it.
    await h.close()
    h = await startHarness({ timeoutMs: 1_000 })
    const session = await newSession(h)
    const input = { sessionId: session.id, wallet: 'ALIPAYHK' as const, device: PHONE }
    await h.faults({ servlet: 'JSAPIService.do', latency_ms: 4_000, count: 1 })
    await expect(h.service.startPayment(input)).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    })
    const first = (await h.service.getSession(session.id))?.payments[0]
    const retry = await h.service.startPayment(input)
    expect(retry.created).toBe(true)
    expect(retry.payment.id).not.toBe(first?.id)
    expect(retry.payment.nextAction?.type).toBe('redirect')
    const stored = await findPayment(h.db, first?.id as string)
    expect(stored).toMatchObject({ status: 'pending', dispatch: 'abandoned' })
    // The set-aside order is still followed: if the shopper somehow paid it, the money is seen.
    expect((await h.service.getSession(session.id))?.payments.map((p) => p.status)).toEqual([
      'pending',
      'pending',
    ])
  })

  it('a retry while the gateway is still down does not place a second order', async () => {
    const session = await newSession(h)
    const input = { sessionId: session.id, wallet: 'ALIPAYHK' as const, device: PHONE }
    await h.faults({ http_status: 502, count: 2 })
    await expect(h.service.startPayment(input)).rejects.toMatchObject({
      kind: 'http',
    })
    await expect(h.service.startPayment(input)).rejects.toMatchObject({
      kind: 'http',
    })
    const payments = (await h.service.getSession(session.id))?.payments ?? []
    expect(payments).toHaveLength(1)
    // Every PreOrder that reached the gateway carried the one stored order number (the retry first
    // asks whether eftPay took it, and that query fails too, so it sends nothing new).
    expect(h.gatewayCalls.filter((call) => call.service?.endsWith('PreOrder')).length).toBe(1)
    expect(h.preOrderNumbers()).toEqual([payments[0]?.outTradeNo])
    await h.clearFaults()
    // Once the gateway is back, the retry still places that one order, not a second.
    const retry = await h.service.startPayment(input)
    expect(retry.payment.id).toBe(payments[0]?.id)
    expect(h.preOrderNumbers()).toEqual([payments[0]?.outTradeNo])
  })

  it('a reply with a wrong signature is not trusted and the payment stays pending', async () => {
    const session = await newSession(h)
    await h.faults({ servlet: 'JSAPIService.do', wrong_signature: true, count: 1 })
    await expect(
      h.service.startPayment({ sessionId: session.id, wallet: 'PAYME', device: PHONE }),
    ).rejects.toMatchObject({
      kind: 'signature',
    })
    expect((await h.service.getSession(session.id))?.payments[0]).toMatchObject({
      status: 'pending',
      nextAction: undefined,
    })
  })

  it('a subject over the gateway limit is refused before anything is stored or sent', async () => {
    await expect(newSession(h, { subject: 'x'.repeat(257) })).rejects.toMatchObject({
      status: 400,
      param: 'subject',
    })
    await expect(newSession(h, { amount: '12.345' })).rejects.toMatchObject({
      status: 400,
      param: 'amount',
    })
    await expect(newSession(h, { amount: '0.00' })).rejects.toMatchObject({
      status: 400,
      param: 'amount',
    })
    await expect(newSession(h, { successUrl: 'javascript:alert(1)' })).rejects.toMatchObject({
      status: 400,
      param: 'success_url',
    })
  })
})
