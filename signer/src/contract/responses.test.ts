import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DESKTOP,
  type Harness,
  newSession,
  PHONE,
  startHarness,
} from '../../test/domain/harness.js'
import { testApp } from '../../test/http/helpers.js'
import { paymentJson, publicSessionJson, refundJson, sessionJson } from '../domain/serialize.js'
import { buildOpenApiDocument } from '../openapi/document.js'
import { listEvents } from '../webhooks/outbox.js'
import * as contract from './responses.js'

/**
 * Every object the domain serializes satisfies its one definition in responses.ts: sessions in
 * each state, payments of each wallet kind and outcome, refunds, the public view, webhook events,
 * the config and error answers. The schemas are strict, so an extra or missing key fails too.
 */
describe('the response contract', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startHarness()
  })
  afterEach(async () => {
    await h.close()
  })

  it('holds for sessions, payments, refunds and webhook events the domain produces', async () => {
    const paid = await newSession(h, { body: 'Two cups', reference: 'order-7' })
    const qr = await h.service.startPayment({
      sessionId: paid.id,
      wallet: 'ALIPAYHK',
      device: DESKTOP,
    })
    const redirect = await h.service.startPayment({
      sessionId: paid.id,
      wallet: 'PAYME',
      device: PHONE,
    })
    await h.pay(redirect.payment, 'success')
    await h.service.createRefund({ sessionId: paid.id, amount: '8.50', reason: 'one cup spilt' })
    const failed = await newSession(h)
    const attempt = await h.service.startPayment({
      sessionId: failed.id,
      wallet: 'WECHATHK',
      device: PHONE,
    })
    await h.pay(attempt.payment, 'fail')
    const open = await newSession(h)

    const payments = [qr.payment, redirect.payment, attempt.payment]
    for (const id of [paid.id, failed.id, open.id]) {
      const found = await h.service.getSession(id)
      if (!found) throw new Error(`no session ${id}`)
      contract.session.parse(sessionJson(found))
      contract.publicSession.parse(publicSessionJson(found))
      contract.publicSession.parse(publicSessionJson(found, { includeClientSecret: true }))
      for (const p of found.payments) contract.payment.parse(paymentJson(p))
      for (const r of found.refunds) contract.refund.parse(refundJson(r))
      payments.push(...found.payments)
    }
    expect(new Set(payments.map((p) => p.status))).toEqual(
      new Set(['pending', 'succeeded', 'failed']),
    )
    expect(payments.some((p) => p.nextAction?.type === 'qr_code')).toBe(true)

    const events = await listEvents(h.db)
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['session.paid', 'payment.failed', 'refund.succeeded']),
    )
    for (const event of events) {
      const { data } = JSON.parse(event.payload) as { data: Record<string, unknown> }
      contract.session.parse(data.session)
      if (data.payment) contract.payment.parse(data.payment)
      if (data.refund) contract.refund.parse(data.refund)
    }
  })

  it('holds for the config and error answers', async () => {
    const { app } = testApp()
    const config = await app.request('/v1/config')
    contract.widgetConfig.parse(await config.json())
    const missing = await app.request('/v1/sessions/cs_0123456789abcdef')
    expect(missing.status).toBeGreaterThanOrEqual(400)
    contract.apiError.parse(await missing.json())
  })

  it('is named in the OpenAPI document as reusable components', () => {
    const doc = buildOpenApiDocument({ version: '0', serverUrl: 'http://127.0.0.1' }) as {
      components: { schemas: Record<string, unknown> }
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['Session', 'PublicSession', 'Payment', 'Refund', 'Config', 'Error']),
    )
    expect(JSON.stringify(doc)).toContain('"$ref":"#/components/schemas/Payment"')
  })
})
