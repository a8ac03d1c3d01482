import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { parseGatewaySettings } from '../config/index.js'
import { createGatewayClient } from './client.js'
import { GatewayError } from './gateway-error.js'
import { applePayRequest, preOrderRequest, queryRequest, refundRequest } from './messages.js'
import { DEFAULT_GATEWAY_SETTINGS, type GatewaySettings } from './settings.js'
import { signPayload } from './sign.js'

/** The rules of docs/protocol.md that the documents decided (or that we had to assume). */

const SECRET = 'fidelity-test-secret'
const USER_KEY = 'TESTUCK00001'
const clock = () => new Date('2024-01-01T04:00:00Z')
/** The Apple Pay page's own eftPay number: 31 characters, letters too. */
const LONG_EFT_NO = '8520000212700003682237ecgjtb181'

let server: Server | undefined
afterEach(async () => {
  const open = server
  server = undefined
  if (!open) return
  open.closeAllConnections()
  await new Promise((resolve) => open.close(resolve))
})

/** A gateway stand-in that records each request and answers `reply(body)`, signed. */
async function client(
  reply: (body: Record<string, string>) => Record<string, string>,
  settings: GatewaySettings = DEFAULT_GATEWAY_SETTINGS,
) {
  const seen: Record<string, string>[] = []
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => {
      const body = JSON.parse(raw) as Record<string, string>
      seen.push(body)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(signPayload(reply(body), SECRET)))
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/VMP`
  const gateway = createGatewayClient({
    baseUrl,
    userKey: USER_KEY,
    secret: SECRET,
    clock,
    settings,
    queryRetries: 0,
  })
  return { gateway, seen }
}

const envelope = { user_confirm_key: USER_KEY, time: '20240101120000' }

describe('identifiers eftPay issues are not length-checked', () => {
  it('accepts the 31-character eft_trade_no in query and refund requests', () => {
    expect(
      queryRequest.safeParse({ ...envelope, querytype: 'OUT_TRADE', eft_trade_no: LONG_EFT_NO })
        .success,
    ).toBe(true)
    const refund = refundRequest.safeParse({
      ...envelope,
      service: 'service.mpgs.web.Refund',
      return_amount: '1.00',
      total_fee: '1.00',
      out_trade_no: 'E1',
      eft_trade_no: LONG_EFT_NO,
      out_refund_no: 'R1',
      payType: 'Mpgs',
      buyerType: 'ios',
      wallet: 'MPGS',
      pay_scene: 'TOKEN_APPLE_PAY',
    })
    expect(refund.success).toBe(true)
  })

  it('reads a query reply carrying it', async () => {
    const { gateway } = await client((body) => ({
      return_status: '00',
      out_trade_no: body.out_trade_no ?? '',
      eft_trade_no: LONG_EFT_NO,
      trade_status: 'TRADE_SUCCESS',
    }))
    const reply = await gateway.query({
      querytype: 'OUT_TRADE',
      eft_trade_no: LONG_EFT_NO,
      out_trade_no: 'E1',
    })
    expect(reply.eft_trade_no).toBe(LONG_EFT_NO)
  })
})

describe('lengths are UTF-8 bytes', () => {
  const pre = {
    ...envelope,
    service: 'service.alipay.wap.PreOrder',
    transaction_amount: '1.00',
    out_trade_no: 'E1',
    payType: 'Alipay',
    buyerType: 'ios',
    wallet: 'ALIPAYHK',
    pay_scene: 'WAP',
  }
  it('takes 85 Chinese characters (255 bytes) as subject and refuses 86 (258 bytes)', () => {
    expect(preOrderRequest.safeParse({ ...pre, subject: '茶'.repeat(85) }).success).toBe(true)
    const tooLong = preOrderRequest.safeParse({ ...pre, subject: '茶'.repeat(86) })
    expect(tooLong.success).toBe(false)
    expect(tooLong.error?.issues[0]?.message).toBe('must be at most 256 bytes (UTF-8)')
  })
  it('counts body in bytes too: 42 Chinese characters fit 128, 43 do not', () => {
    expect(preOrderRequest.safeParse({ ...pre, subject: 'T', body: '測'.repeat(42) }).success).toBe(
      true,
    )
    expect(preOrderRequest.safeParse({ ...pre, subject: 'T', body: '測'.repeat(43) }).success).toBe(
      false,
    )
  })
})

describe('active_time', () => {
  it('is refused unless a multiple of 60', () => {
    const base = {
      ...envelope,
      service: 's.PreOrder',
      transaction_amount: '1.00',
      out_trade_no: 'E1',
      payType: 'Alipay',
      buyerType: 'ios',
      subject: 'T',
      wallet: 'ALIPAYHK',
      pay_scene: 'WAP',
    }
    expect(preOrderRequest.safeParse({ ...base, active_time: '90' }).success).toBe(false)
    expect(preOrderRequest.safeParse({ ...base, active_time: '120' }).success).toBe(true)
  })
  it('is sent rounded down to whole minutes, at least one', async () => {
    const { gateway, seen } = await client((body) => ({
      return_status: '00',
      pay_apptrade: 'https://pay',
      eft_trade_no: 'EFT1',
      out_trade_no: body.out_trade_no ?? '',
    }))
    const input = {
      service: 'service.alipay.wap.PreOrder',
      transaction_amount: '1.00',
      out_trade_no: 'E1',
      payType: 'Alipay' as const,
      buyerType: 'ios' as const,
      subject: '中文测试 test',
      wallet: 'ALIPAYHK' as const,
      pay_scene: 'WAP' as const,
    }
    await gateway.preOrder({ ...input, active_time: '1799' })
    await gateway.preOrder({ ...input, active_time: '7' })
    expect(seen.map((b) => b.active_time)).toEqual(['1740', '60'])
  })
})

describe('Apple Pay pay_scene and refund services come from the settings', () => {
  const token = {
    service: 'service.mpgs.token.ApplePay' as const,
    token_id: '{"version":"EC_v1"}',
    transaction_amount: '1.00',
    out_trade_no: 'E1',
    payType: 'Mpgs' as const,
    buyerType: 'ios' as const,
    subject: 'T',
    wallet: 'MPGS' as const,
  }
  const trade = (body: Record<string, string>) => ({
    return_status: '00',
    out_trade_no: body.out_trade_no ?? '',
    trade_status: 'TRADE_PROCESSING',
  })

  it('sends TOKEN_APPLE_PAY by default and TOKEN when set; both forms are valid', async () => {
    expect(applePayRequest.shape.pay_scene.safeParse('TOKEN').success).toBe(true)
    const byDefault = await client(trade)
    const reply = await byDefault.gateway.applePay({ ...token, pay_scene: 'TOKEN_APPLE_PAY' })
    expect(reply.trade_status).toBe('TRADE_PROCESSING')
    expect(byDefault.seen[0]?.pay_scene).toBe('TOKEN_APPLE_PAY')
    server?.closeAllConnections()
    server?.close()
    const switched = await client(trade, { ...DEFAULT_GATEWAY_SETTINGS, applePayScene: 'TOKEN' })
    await switched.gateway.applePay(token)
    expect(switched.seen[0]?.pay_scene).toBe('TOKEN')
  })

  it('replaces the refund service per wallet, and an Apple Pay refund names the configured scene', async () => {
    const settings: GatewaySettings = {
      ...DEFAULT_GATEWAY_SETTINGS,
      applePayScene: 'TOKEN',
      refundServices: { APPLEPAY: 'service.common.Refund', OCT: 'service.oct.x.Refund' },
    }
    const { gateway, seen } = await client(
      (body) => ({
        return_status: '00',
        out_trade_no: body.out_trade_no ?? '',
        out_refund_no: body.out_refund_no ?? '',
        trade_status: 'TRADE_PROCESSING',
      }),
      settings,
    )
    const refund = {
      return_amount: '1.00',
      total_fee: '1.00',
      out_trade_no: 'E1',
      out_refund_no: 'R1',
      buyerType: 'ios' as const,
    }
    await gateway.refund({
      ...refund,
      service: 'service.mpgs.web.Refund',
      payType: 'Mpgs',
      wallet: 'MPGS',
      pay_scene: 'TOKEN_APPLE_PAY',
    })
    await gateway.refund({
      ...refund,
      service: 'service.mpgs.web.Refund',
      payType: 'Mpgs',
      wallet: 'MPGS',
      pay_scene: 'WEB',
    })
    await gateway.refund({
      ...refund,
      service: 'service.oct.online.Refund',
      payType: 'OCT',
      wallet: 'OCT',
      pay_scene: 'WEB',
    })
    expect(seen.map((b) => [b.service, b.pay_scene])).toEqual([
      ['service.common.Refund', 'TOKEN'],
      ['service.mpgs.web.Refund', 'WEB'],
      ['service.oct.x.Refund', 'WEB'],
    ])
  })
})

describe('a query refusal means "no such order" only for the configured status', () => {
  const settings: GatewaySettings = { ...DEFAULT_GATEWAY_SETTINGS, orderNotFoundStatuses: ['08'] }
  const refusal = (status: string) => async () => {
    const { gateway } = await client(
      () => ({ return_status: status, return_char: 'refused' }),
      settings,
    )
    return gateway.query({ querytype: 'OUT_TRADE', out_trade_no: 'E1' }).catch((e: unknown) => e)
  }

  it('raises order-not-found for the documented status', async () => {
    const error = (await refusal('08')()) as GatewayError
    expect(error).toBeInstanceOf(GatewayError)
    expect(error.kind).toBe('order-not-found')
    expect(error.returnStatus).toBe('08')
  })

  // The sandbox's classes (docs/protocol.md "Sandbox return codes"): signature, key, time,
  // parameter, amount, service, system, processor; any other non-00 answer of the live gateway.
  for (const status of [
    '01',
    '02',
    '03',
    '04',
    '05',
    '06',
    '12',
    '20',
    '96',
    '97',
    '99',
    '1',
    'XX',
  ]) {
    it(`keeps return_status ${status} a plain refusal`, async () => {
      const error = (await refusal(status)()) as GatewayError
      expect(error.kind).toBe('rejected')
      expect(error.returnStatus).toBe(status)
    })
  }

  it('never reads a live refusal as "no such order" unless configured', async () => {
    const { gateway } = await client(() => ({ return_status: '08', return_char: 'x' }))
    const error = (await gateway
      .query({ querytype: 'OUT_TRADE', out_trade_no: 'E1' })
      .catch((e: unknown) => e)) as GatewayError
    expect(error.kind).toBe('rejected')
  })

  it('a refund refusal with that status stays a refusal (only a query answers about an order)', async () => {
    const { gateway } = await client(() => ({ return_status: '08', return_char: 'x' }), settings)
    const error = (await gateway
      .refund({
        service: 'service.alipay.wap.Refund',
        return_amount: '1.00',
        total_fee: '1.00',
        out_trade_no: 'E1',
        out_refund_no: 'R1',
        payType: 'Alipay',
        buyerType: 'ios',
        wallet: 'ALIPAYHK',
        pay_scene: 'WAP',
      })
      .catch((e: unknown) => e)) as GatewayError
    expect(error.kind).toBe('rejected')
  })
})

describe('settings', () => {
  it('parse with defaults per mode', () => {
    const problems: string[] = []
    expect(parseGatewaySettings({}, 'sandbox', problems)).toEqual({
      refundServices: {},
      applePayScene: 'TOKEN_APPLE_PAY',
      orderNotFoundStatuses: ['08'],
      refundNotFoundStatuses: ['12'],
      tokenQuery: 'QRcodeTradeQuery.do',
      refundTotalFee: 'sale-total',
    })
    expect(parseGatewaySettings({}, 'live', problems).orderNotFoundStatuses).toEqual([])
    expect(parseGatewaySettings({}, 'live', problems).refundNotFoundStatuses).toEqual([])
    expect(problems).toEqual([])
  })
  it('parse overrides', () => {
    const problems: string[] = []
    const parsed = parseGatewaySettings(
      {
        refundServices: 'OCT=service.common.Refund, APPLEPAY=service.mpgs.token.Refund',
        applePayScene: 'TOKEN',
        orderNotFoundStatus: '12,13',
        refundNotFoundStatus: '14',
      },
      'live',
      problems,
    )
    expect(parsed).toEqual({
      refundServices: { OCT: 'service.common.Refund', APPLEPAY: 'service.mpgs.token.Refund' },
      applePayScene: 'TOKEN',
      orderNotFoundStatuses: ['12', '13'],
      refundNotFoundStatuses: ['14'],
      tokenQuery: 'QRcodeTradeQuery.do',
      refundTotalFee: 'sale-total',
    })
    expect(problems).toEqual([])
  })
  it('name the variable in every problem', () => {
    const problems: string[] = []
    parseGatewaySettings(
      {
        refundServices: 'VISA=service.x.Refund,OCT=bad name',
        applePayScene: 'APPLE',
        orderNotFoundStatus: '00',
        refundNotFoundStatus: 'not a code',
      },
      'live',
      problems,
    )
    expect(problems).toHaveLength(5)
    expect(problems.slice(0, 2).every((p) => p.startsWith('EFTPAY_REFUND_SERVICES'))).toBe(true)
    expect(problems[2]).toMatch(/^EFTPAY_APPLE_PAY_SCENE must be one of TOKEN_APPLE_PAY, TOKEN/)
    expect(problems[3]).toMatch(/^EFTPAY_ORDER_NOT_FOUND_STATUS/)
    expect(problems[4]).toMatch(/^EFTPAY_REFUND_NOT_FOUND_STATUS/)
  })
})
