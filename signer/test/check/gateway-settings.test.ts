import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config/index.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from '../../src/gateway/settings.js'
import type { GatewayExchange } from '../../src/gateway/transport.js'
import { type SandboxHarness, useSandboxAndReceiver } from '../sandbox/harness.js'

/**
 * The two protocol settings `check --uat` proves (docs/protocol.md "Settings"): the token-order
 * query transport (`EFTPAY_TOKEN_QUERY`) and the reading of a partial refund's `total_fee`
 * (`EFTPAY_REFUND_TOTAL_FEE`), honoured by the gateway client against the sandbox's variants.
 */

const setup = useSandboxAndReceiver()
const settings = (over: Partial<GatewaySettings>): GatewaySettings => ({
  ...DEFAULT_GATEWAY_SETTINGS,
  orderNotFoundStatuses: ['08'],
  ...over,
})

async function paidPayMeSale(h: SandboxHarness) {
  const sale = await h.client().preOrder({
    service: 'service.payme.web.PreOrder',
    transaction_amount: '1.81',
    out_trade_no: `S${Math.random().toString(36).slice(2, 14)}`,
    payType: 'PAYME',
    buyerType: 'others',
    subject: 'settings test',
    wallet: 'PAYME',
    pay_scene: 'WEB',
  })
  await h.pay(sale.eft_trade_no, 'success')
  return sale
}

const partialRefund = (outTradeNo: string) => ({
  service: 'service.payme.web.Refund',
  return_amount: '0.50',
  total_fee: '1.81',
  out_trade_no: outTradeNo,
  out_refund_no: `R${Math.random().toString(36).slice(2, 14)}`,
  payType: 'PAYME' as const,
  buyerType: 'others' as const,
  wallet: 'PAYME' as const,
  pay_scene: 'WEB' as const,
})

async function declinedTokenSale(h: SandboxHarness) {
  return h.client().googlePay({
    service: 'service.mpgs.token.GooglePay',
    token_id: '{"note":"DECLINE"}',
    transaction_amount: '0.01',
    out_trade_no: `G${Math.random().toString(36).slice(2, 14)}`,
    payType: 'Mpgs',
    buyerType: 'others',
    subject: 'settings test',
    wallet: 'MPGS',
    pay_scene: 'TOKEN_GOOGLE_PAY',
  })
}

describe('EFTPAY_REFUND_TOTAL_FEE', () => {
  it('sale-total (default) sends the sale total: refused where eftPay wants the refund amount', async () => {
    const { h } = await setup({ clock: () => new Date() })
    const sale = await paidPayMeSale(h)
    h.sandbox.variants.set({ refund_total_fee: 'refund-amount' })
    const error = await h
      .client({ settings: settings({}) })
      .refund(partialRefund(sale.out_trade_no))
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'rejected', returnStatus: '05' })
  })

  it('refund-amount sends the refund amount as total_fee, whatever the caller passes', async () => {
    const { h } = await setup({ clock: () => new Date() })
    const sale = await paidPayMeSale(h)
    h.sandbox.variants.set({ refund_total_fee: 'refund-amount' })
    const sent: GatewayExchange[] = []
    const reply = await h
      .client({
        settings: settings({ refundTotalFee: 'refund-amount' }),
        onExchange: (e) => sent.push(e),
      })
      .refund(partialRefund(sale.out_trade_no))
    expect(reply.return_status).toBe('00')
    expect(sent[0]?.request).toMatchObject({ return_amount: '0.50', total_fee: '0.50' })
  })
})

describe('EFTPAY_TOKEN_QUERY', () => {
  it('QRcodeTradeQuery.do (default): a token order eftPay answers elsewhere stays a refusal', async () => {
    const { h } = await setup({ clock: () => new Date() })
    const sale = await declinedTokenSale(h)
    h.sandbox.variants.set({ token_query: 'service.common.Query' })
    const error = await h
      .client({ settings: settings({}) })
      .query({ querytype: 'OUT_TRADE', out_trade_no: sale.out_trade_no })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect((error as GatewayError).kind).toBe('order-not-found')
  })

  it('service.common.Query: what QRcodeTradeQuery.do refuses is asked on JSAPIService.do', async () => {
    const { h } = await setup({ clock: () => new Date() })
    const sale = await declinedTokenSale(h)
    h.sandbox.variants.set({ token_query: 'service.common.Query' })
    const sent: GatewayExchange[] = []
    const reply = await h
      .client({
        settings: settings({ tokenQuery: 'service.common.Query' }),
        onExchange: (e) => sent.push(e),
      })
      .query({ querytype: 'OUT_TRADE', out_trade_no: sale.out_trade_no })
    expect(reply).toMatchObject({ out_trade_no: sale.out_trade_no, trade_status: 'TRADE_CLOSED' })
    expect(sent.map((e) => [e.servlet, e.service])).toEqual([
      ['QRcodeTradeQuery.do', undefined],
      ['JSAPIService.do', 'service.common.Query'],
    ])
    // A web order is still answered by QRcodeTradeQuery.do alone; a never-placed one by neither.
    const web = await paidPayMeSale(h)
    sent.length = 0
    await h
      .client({
        settings: settings({ tokenQuery: 'service.common.Query' }),
        onExchange: (e) => sent.push(e),
      })
      .query({ querytype: 'OUT_TRADE', out_trade_no: web.out_trade_no })
    expect(sent.map((e) => e.servlet)).toEqual(['QRcodeTradeQuery.do'])
    const never = await h
      .client({ settings: settings({ tokenQuery: 'service.common.Query' }) })
      .query({ querytype: 'OUT_TRADE', out_trade_no: 'NEVERPLACED9' })
      .catch((e: unknown) => e)
    expect(never).toMatchObject({ kind: 'order-not-found' })
  })
})

describe('the two settings in the table', () => {
  const live = {
    EFTPAY_GATEWAY_URL: 'https://vmp.example/VMP',
    EFTPAY_USER_KEY: 'LIVEKEY00001',
    EFTPAY_SECRET: 'a-live-secret',
    SIGNER_API_KEY: 'settings-test-api-key-0123456789',
    PUBLIC_URL: 'https://shop.example',
    ALLOWED_ORIGINS: 'https://shop.example',
    EFTPAY_WALLETS: 'PAYME',
  }

  it('default to what the pages say and parse the other reading', () => {
    expect(loadConfig(live).protocol).toMatchObject({
      tokenQuery: 'QRcodeTradeQuery.do',
      refundTotalFee: 'sale-total',
    })
    expect(
      loadConfig({
        ...live,
        EFTPAY_TOKEN_QUERY: 'service.common.Query',
        EFTPAY_REFUND_TOTAL_FEE: 'refund-amount',
      }).protocol,
    ).toMatchObject({ tokenQuery: 'service.common.Query', refundTotalFee: 'refund-amount' })
  })

  it('name the variable when the value is wrong', () => {
    let error: unknown
    try {
      loadConfig({ ...live, EFTPAY_TOKEN_QUERY: 'Query.do', EFTPAY_REFUND_TOTAL_FEE: 'total' })
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems.some((p) => p.startsWith('EFTPAY_TOKEN_QUERY must be one of'))).toBe(true)
    expect(problems.some((p) => p.startsWith('EFTPAY_REFUND_TOTAL_FEE must be one of'))).toBe(true)
  })
})
