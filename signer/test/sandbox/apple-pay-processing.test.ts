import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, newSession, PHONE, startHarness } from '../domain/harness.js'

/**
 * docs/protocol.md "Apple Pay": a token payment answered TRADE_PROCESSING stays pending and is
 * followed up (query, notification); it is never failed for being slow.
 */

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const token = (data: string) =>
  JSON.stringify({ version: 'EC_v1', data, signature: 'sig', header: { ephemeralPublicKey: 'k' } })

describe('Apple Pay answered TRADE_PROCESSING', () => {
  it('stays pending, then a query follows it up to succeeded', async () => {
    h = await startHarness()
    const session = await newSession(h)
    const payment = await h.service.payWithApplePay({
      sessionId: session.id,
      tokenId: token('PROCESSING'),
      device: PHONE,
    })
    expect(payment.status).toBe('pending')
    const followed = await h.service.refreshPayment(payment.id)
    expect(followed.status).toBe('pending')
    // The shopper's bank answers later: settle the order on the sandbox's page (found by a query).
    const { eft_trade_no: eftTradeNo } = await h.gateway.query({
      querytype: 'OUT_TRADE',
      out_trade_no: payment.outTradeNo,
    })
    expect(eftTradeNo).toHaveLength(31)
    const pressed = await fetch(`${h.publicUrl}/sandbox/pay/${eftTradeNo}`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'success' }),
      redirect: 'manual',
    })
    expect(pressed.status).toBeLessThan(400)
    await h.sandbox.idle()
    expect((await h.service.refreshPayment(payment.id)).status).toBe('succeeded')
  })

  it('a declined token (TRADE_CLOSED) still fails at once', async () => {
    h = await startHarness()
    const session = await newSession(h)
    const payment = await h.service.payWithApplePay({
      sessionId: session.id,
      tokenId: token('DECLINE'),
      device: PHONE,
    })
    expect(payment.status).toBe('failed')
  })
})
