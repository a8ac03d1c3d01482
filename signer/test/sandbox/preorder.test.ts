import { RETURN_CODES, SANDBOX_SECRET, SANDBOX_USER_KEY, SERVICES } from '@eftpay/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Device, WALLETS } from '../../src/contract/vocabulary.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { formatGatewayTime } from '../../src/gateway/hk-time.js'
import { REFUND_SERVICES, ROUTED_SERVICES, routeWallet } from '../../src/gateway/routing-table.js'
import { signPayload } from '../../src/gateway/sign.js'
import { verify } from '../../src/gateway/verify.js'
import { preOrderInput, type SandboxHarness, startSandbox } from './harness.js'

const DEVICES: Device[] = [
  { os: 'others', mobile: false, in_app: 'none' },
  { os: 'ios', mobile: true, in_app: 'none' },
  { os: 'android', mobile: true, in_app: 'wechat' },
  { os: 'android', mobile: true, in_app: 'alipay' },
]

let h: SandboxHarness
beforeAll(async () => {
  h = await startSandbox()
})
afterAll(async () => {
  await h.close()
})

/** A raw PreOrder body (unsigned) with the current sandbox time. */
function rawPreOrder(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...preOrderInput(),
    user_confirm_key: SANDBOX_USER_KEY,
    time: h.now(),
    ...overrides,
  } as Record<string, string>
}

describe('the catalogue', () => {
  it('offers every service the routing table can produce, and every refund service', () => {
    for (const service of [
      ...ROUTED_SERVICES,
      ...REFUND_SERVICES,
      'service.unified.RefundStatusQuery',
    ]) {
      expect(SERVICES[service], service).toBeDefined()
    }
  })
})

describe('PreOrder on JSAPIService.do', () => {
  it('accepts every routed wallet/device combination with a signed reply pointing at the pay page', async () => {
    const client = h.client()
    const seen = new Set<string>()
    for (const wallet of WALLETS) {
      for (const device of DEVICES) {
        const route = routeWallet(wallet, device, 'en', { appLink: 'https://app.example/back' })
        const key = `${route.service} ${route.pay_scene} ${wallet}`
        if (seen.has(key)) continue
        seen.add(key)
        const reply = await client.preOrder(
          preOrderInput({
            service: route.service,
            payType: route.payType as never,
            wallet: route.wallet as never,
            pay_scene: route.pay_scene as never,
            buyerType: route.buyerType,
            ...(route.lang ? { lang: route.lang } : {}),
            ...route.extra,
          }),
        )
        expect(reply.pay_apptrade, key).toBe(`${h.sandboxUrl}/pay/${reply.eft_trade_no}`)
        // The Apple Pay page's shape: 31 characters, letters too (docs/protocol.md, "Identifiers").
        expect(reply.eft_trade_no, key).toMatch(/^852\d{20}[a-z]{6}\d{2}$/)
        expect(reply.eft_trade_no.length, key).toBe(31)
      }
    }
    const covered = new Set([...seen].map((k) => k.split(' ')[0]))
    for (const service of ROUTED_SERVICES.filter((s) => !s.startsWith('service.mpgs.token.'))) {
      expect(covered.has(service), service).toBe(true)
    }
  })

  it('answers like the seed: echoed fields, empty return_char and tid, a signature that verifies', async () => {
    const reply = await h.raw('JSAPIService.do', rawPreOrder({ out_trade_no: 'SEEDLIKE0001' }))
    expect(reply).toMatchObject({
      return_status: '00',
      return_char: '',
      tid: '',
      out_trade_no: 'SEEDLIKE0001',
      user_confirm_key: SANDBOX_USER_KEY,
      wallet: 'ALIPAYHK',
      payType: 'Alipay',
      buyerType: 'ios',
      fee_type: 'HKD',
      transaction_amount: '12.50',
    })
    expect(reply.time).toMatch(/^\d{14}$/)
    expect(verify(reply, SANDBOX_SECRET).ok).toBe(true)
    expect(verify(reply, 'another-secret').ok).toBe(false)
  })

  it('treats empty values as absent, as in the seed request (tid: "")', async () => {
    const fields = rawPreOrder({ tid: '' })
    const body = { ...fields, sign: signPayload(fields, SANDBOX_SECRET).sign as string }
    const reply = await h.raw('JSAPIService.do', body)
    expect(reply.return_status).toBe('00')
  })
})

describe('refusals, each with its own return_status and a signed reply', () => {
  const cases: Array<[string, () => Record<string, string>, string]> = [
    [
      'wrong signature',
      () => ({ ...signPayload(rawPreOrder(), 'not-the-secret') }),
      RETURN_CODES.SIGNATURE,
    ],
    ['missing signature', () => ({ ...rawPreOrder(), sign: '' }), RETURN_CODES.SIGNATURE],
    [
      'unknown user_confirm_key',
      () => rawPreOrder({ user_confirm_key: 'NOBODY000001' }),
      RETURN_CODES.UNKNOWN_USER_KEY,
    ],
    [
      'stale time',
      () => rawPreOrder({ time: formatGatewayTime(new Date(h.clock().getTime() - 301_000)) }),
      RETURN_CODES.TIME_WINDOW,
    ],
    [
      'future time',
      () => rawPreOrder({ time: formatGatewayTime(new Date(h.clock().getTime() + 301_000)) }),
      RETURN_CODES.TIME_WINDOW,
    ],
    ['malformed time', () => rawPreOrder({ time: '2026-11-21' }), RETURN_CODES.PARAMETER],
    ['too-long subject', () => rawPreOrder({ subject: 'x'.repeat(257) }), RETURN_CODES.PARAMETER],
    [
      'too-long out_trade_no',
      () => rawPreOrder({ out_trade_no: 'X'.repeat(29) }),
      RETURN_CODES.PARAMETER,
    ],
    ['missing subject', () => rawPreOrder({ subject: '' }), RETURN_CODES.PARAMETER],
    ['unknown field', () => rawPreOrder({ colour: 'blue' }), RETURN_CODES.PARAMETER],
    [
      'wallet of another service',
      () => rawPreOrder({ wallet: 'WECHATHK' }),
      RETURN_CODES.PARAMETER,
    ],
    [
      'amount with 3 decimals',
      () => rawPreOrder({ transaction_amount: '1.005' }),
      RETURN_CODES.AMOUNT,
    ],
    [
      'amount that is not a number',
      () => rawPreOrder({ transaction_amount: '12,50' }),
      RETURN_CODES.AMOUNT,
    ],
    ['zero amount', () => rawPreOrder({ transaction_amount: '0.00' }), RETURN_CODES.AMOUNT],
    [
      'unknown service',
      () => rawPreOrder({ service: 'service.nothing.web.PreOrder' }),
      RETURN_CODES.UNKNOWN_SERVICE,
    ],
  ]
  it.each(cases)('%s', async (_name, build, code) => {
    const reply = await h.raw('JSAPIService.do', build())
    expect(reply.return_status).toBe(code)
    expect(reply.return_char?.length).toBeGreaterThan(0)
    expect(reply.return_char?.length).toBeLessThanOrEqual(100)
    expect(verify(reply, SANDBOX_SECRET).ok).toBe(true)
    expect(Object.keys(reply).sort()).toEqual(['return_char', 'return_status', 'sign', 'time'])
  })

  it('a duplicate out_trade_no', async () => {
    const first = await h.raw('JSAPIService.do', rawPreOrder({ out_trade_no: 'DUP000000001' }))
    expect(first.return_status).toBe('00')
    const second = await h.raw('JSAPIService.do', rawPreOrder({ out_trade_no: 'DUP000000001' }))
    expect(second.return_status).toBe(RETURN_CODES.DUPLICATE_OUT_TRADE_NO)
  })

  it('a body that is not a JSON object of strings', async () => {
    const post = (body: string) =>
      fetch(`${h.gatewayUrl}/Servlet/JSAPIService.do`, { method: 'POST', body }).then(
        (r) => r.json() as Promise<Record<string, string>>,
      )
    expect((await post('not json')).return_status).toBe(RETURN_CODES.BAD_BODY)
    expect((await post('[1,2]')).return_status).toBe(RETURN_CODES.BAD_BODY)
    expect(
      (await post(JSON.stringify({ ...rawPreOrder(), transaction_amount: 12.5 }))).return_status,
    ).toBe(RETURN_CODES.BAD_BODY)
  })

  it('reaches the typed client as GatewayError kind "rejected" with the code', async () => {
    const client = h.client()
    const input = preOrderInput()
    await client.preOrder(input)
    const error = await client.preOrder(input).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({
      kind: 'rejected',
      returnStatus: RETURN_CODES.DUPLICATE_OUT_TRADE_NO,
    })
  })

  it('accepts a time inside the window, on either side', async () => {
    const early = await h.raw(
      'JSAPIService.do',
      rawPreOrder({ time: formatGatewayTime(new Date(h.clock().getTime() - 299_000)) }),
    )
    const late = await h.raw(
      'JSAPIService.do',
      rawPreOrder({ time: formatGatewayTime(new Date(h.clock().getTime() + 299_000)) }),
    )
    expect([early.return_status, late.return_status]).toEqual(['00', '00'])
  })
})
