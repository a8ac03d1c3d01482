import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { describe, expect, it } from 'vitest'
import { parseGatewaySettings } from '../../src/config/index.js'
import { type Core, silentLogger } from '../../src/domain/context.js'
import { readSaleAnswer } from '../../src/domain/sale-answer.js'
import { paymentStatusFor } from '../../src/domain/trade-status.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { createQrSceneClient, type QrPreOrderInput } from '../../src/gateway/qr-scene.js'
import { crc16CcittFalse } from '../../src/gateway/qr-scene-code.js'
import { QR_WALLETS, type QrWallet } from '../../src/gateway/qr-scene-messages.js'
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '../../src/gateway/settings.js'
import type { GatewayExchange } from '../../src/gateway/transport.js'
import type { StoredPayment } from '../../src/store/payments.js'
import { type SandboxHarness, useSandboxAndReceiver } from '../sandbox/harness.js'

/**
 * The QR scene's gateway side over real HTTP against the sandbox (docs/protocol.md,
 * "Merchant-presented QR scene"): the signed PreOrder per wallet, the code checked as untrusted
 * input, and the scene's query read by the money core's sale-answer decision.
 */

const setup = useSandboxAndReceiver()
const sandboxSettings = parseGatewaySettings({}, 'sandbox', [])
let sequence = 0
const outTradeNo = () => `QR${Date.now().toString(36)}${(sequence++).toString(36)}`

function qrClient(h: SandboxHarness, settings: GatewaySettings = sandboxSettings) {
  const exchanges: GatewayExchange[] = []
  const client = createQrSceneClient({
    baseUrl: h.gatewayUrl,
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock: h.clock,
    queryRetries: 0,
    settings,
    onExchange: (exchange) => exchanges.push(exchange),
  })
  return { client, exchanges }
}

function input(wallet: QrWallet, overrides: Partial<QrPreOrderInput> = {}): QrPreOrderInput {
  return {
    wallet,
    transaction_amount: '12.50',
    out_trade_no: outTradeNo(),
    buyertype: 'others',
    subject: 'Iron Buddha tea',
    ...overrides,
  }
}

/** What the money core makes of a query answer for a HK$12.50 payment (domain/sale-answer.ts). */
function decide(reply: Parameters<typeof readSaleAnswer>[2]) {
  const core = { logger: silentLogger } as unknown as Core
  const payment = { id: 'pay_qr', amount: '12.50', currency: 'HKD' } as StoredPayment
  const answer = readSaleAnswer(core, payment, reply, 'query')
  return answer ? paymentStatusFor(answer.tradeStatus, false) : 'not applied'
}

/** Installs a sandbox fault, and makes sure the sandbox took it. */
async function fault(h: SandboxHarness, body: Record<string, unknown>) {
  expect((await h.faults({ servlet: 'JSAPIService.do', count: 1, ...body })).status).toBe(200)
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(GatewayError)
  return error as GatewayError
}

describe('QR scene PreOrder', () => {
  it.each(QR_WALLETS)(
    'places a %s order with the lower-case fields and gets a usable code',
    async (wallet) => {
      const { h } = await setup()
      const { client, exchanges } = qrClient(h)
      const reply = await client.preOrder(input(wallet))
      expect(reply.qr_code.length).toBeGreaterThan(0)
      const sent = exchanges[0]?.request ?? {}
      expect(sent).toMatchObject({ payment_type: wallet, buyertype: 'others' })
      expect(sent.service).toMatch(/^service\.(fps|payme|alipay|wechat)\.qrcode\.PreOrder$/)
      expect(Object.keys(sent)).not.toContain('payType')
      expect(Object.keys(sent)).not.toContain('pay_scene')
      expect(exchanges[0]?.signatureVariant).toBeDefined()
    },
  )

  it('refuses to send a field over its limit, naming it', async () => {
    const { h } = await setup()
    const error = await failure(
      qrClient(h).client.preOrder(input('FPS', { subject: 'x'.repeat(257) })),
    )
    expect(error).toMatchObject({ kind: 'invalid-request', field: 'subject' })
  })

  it.each([
    ['PAYME', 'javascript:alert(1)', 'scheme javascript'],
    ['ALIPAYBOTH', `https://qr.example/${'a'.repeat(600)}`, 'qr_code'],
    ['WECHATHK', 'https://qr.example/a b', 'white space'],
    ['FPS', 'https://qr.example/pay', 'not an EMVCo payload'],
  ] as const)('treats a %s code %s as a malformed reply', async (wallet, code, problem) => {
    const { h } = await setup()
    await fault(h, { add_fields: { qr_code: code } })
    const error = await failure(qrClient(h).client.preOrder(input(wallet)))
    expect(error.kind).toBe('malformed')
    expect(error.field).toBe('qr_code')
    expect(error.message).toContain(problem)
  })

  it('refuses an FPS code for another amount, even with a valid CRC', async () => {
    const { h } = await setup()
    const { client } = qrClient(h)
    const genuine = (await client.preOrder(input('FPS'))).qr_code
    const body = genuine.slice(0, -4).replace('540512.50', '540599.99')
    expect(body).not.toBe(genuine.slice(0, -4))
    await fault(h, { add_fields: { qr_code: `${body}${crc16CcittFalse(body)}` } })
    const error = await failure(client.preOrder(input('FPS')))
    expect(error.message).toContain("amount (54) 99.99 is not the order's 12.50")
  })

  it('refuses a reply about another order', async () => {
    const { h } = await setup()
    await fault(h, { add_fields: { out_trade_no: 'SOMEONEELSE1' } })
    const error = await failure(qrClient(h).client.preOrder(input('PAYME')))
    expect(error).toMatchObject({ kind: 'malformed', field: 'out_trade_no' })
  })
})

describe('QR scene query, read by the sale-answer decision', () => {
  it('is pending until a second device pays, then succeeded', async () => {
    const { h } = await setup()
    const { client, exchanges } = qrClient(h)
    const order = await client.preOrder(input('FPS'))
    const asked = { wallet: 'FPS' as const, out_trade_no: order.out_trade_no }
    expect(decide(await client.query(asked))).toBe('pending')
    expect(exchanges.at(-1)?.service).toBe('service.fps.qrcode.Query')
    await h.pay(order.eftpay_trade_no ?? '', 'success')
    const paid = await client.query(asked)
    expect(paid).toMatchObject({
      trade_status: 'TRADE_SUCCESS',
      eft_trade_no: order.eftpay_trade_no,
    })
    expect(decide(paid)).toBe('succeeded')
  })

  it('reads a cancelled PayMe code as failed (TRADE_CLOSED within its active time)', async () => {
    const { h } = await setup()
    const { client } = qrClient(h)
    const order = await client.preOrder(input('PAYME'))
    await h.pay(order.eftpay_trade_no ?? '', 'cancel')
    const reply = await client.query({ wallet: 'PAYME', out_trade_no: order.out_trade_no })
    expect(decide(reply)).toBe('failed')
  })

  it('keeps an undocumented status pending', async () => {
    const { h } = await setup()
    const { client } = qrClient(h)
    const order = await client.preOrder(input('ALIPAYBOTH'))
    await fault(h, { add_fields: { trade_status: 'TRADE_FINISHED' } })
    const reply = await client.query({ wallet: 'ALIPAYBOTH', out_trade_no: order.out_trade_no })
    expect(reply.trade_status).toBe('TRADE_FINISHED')
    expect(decide(reply)).toBe('pending')
  })

  it('does not apply a success for another amount', async () => {
    const { h } = await setup()
    const { client } = qrClient(h)
    const order = await client.preOrder(input('WECHATHK'))
    await h.pay(order.eftpay_trade_no ?? '', 'success')
    await fault(h, { add_fields: { transaction_amount: '1.00' } })
    const reply = await client.query({ wallet: 'WECHATHK', out_trade_no: order.out_trade_no })
    expect(decide(reply)).toBe('not applied')
  })

  it('reads "no such order" only for the configured status', async () => {
    const { h } = await setup()
    const asked = { wallet: 'FPS' as const, out_trade_no: 'NEVERPLACEDQR1' }
    expect((await failure(qrClient(h).client.query(asked))).kind).toBe('order-not-found')
    const live = await failure(qrClient(h, DEFAULT_GATEWAY_SETTINGS).client.query(asked))
    expect(live).toMatchObject({ kind: 'rejected', returnStatus: '08' })
  })
})

describe('the query-transport setting (EFTPAY_TOKEN_QUERY)', () => {
  it('asks service.common.Query after the scene query refuses, only under that setting', async () => {
    const { h } = await setup({ variants: { token_query: 'service.common.Query' } })
    const placed = await qrClient(h).client.preOrder(input('ALIPAYBOTH'))
    // Asked as another product: the scene query does not know it (a refusal, 08).
    const asked = { wallet: 'PAYME' as const, out_trade_no: placed.out_trade_no }

    const plain = qrClient(h, { ...DEFAULT_GATEWAY_SETTINGS })
    expect((await failure(plain.client.query(asked))).kind).toBe('rejected')
    expect(plain.exchanges.map((e) => e.service)).toEqual(['service.payme.qrcode.Query'])

    const common = qrClient(h, { ...DEFAULT_GATEWAY_SETTINGS, tokenQuery: 'service.common.Query' })
    const reply = await common.client.query(asked)
    expect(reply).toMatchObject({
      out_trade_no: placed.out_trade_no,
      trade_status: 'TRADE_PROCESSING',
    })
    expect(common.exchanges.map((e) => e.service)).toEqual([
      'service.payme.qrcode.Query',
      'service.common.Query',
    ])
  })
})
