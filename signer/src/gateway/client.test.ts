import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createGatewayClient } from './client.js'
import { GatewayError } from './gateway-error.js'
import { signPayload } from './sign.js'
import type { GatewayExchange } from './transport.js'
import { verify } from './verify.js'

const SECRET = 'client-test-secret'
const USER_KEY = 'TESTUCK00001'
const clock = () => new Date('2024-01-01T04:00:00Z')

type Handler = (body: Record<string, string>, req: IncomingMessage, res: ServerResponse) => void
let server: Server | undefined

/** A tiny gateway stand-in on a real socket: each test says how it answers. */
async function gateway(handler: Handler): Promise<string> {
  server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
    req.on('end', () => handler(JSON.parse(raw) as Record<string, string>, req, res))
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/VMP`
}

function json(res: ServerResponse, body: unknown, status = 200) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve))
  server = undefined
})

const preOrderInput = {
  service: 'service.alipay.wap.PreOrder',
  transaction_amount: '12.50',
  out_trade_no: 'E0001',
  payType: 'Alipay' as const,
  buyerType: 'ios' as const,
  subject: 'Milk tea',
  wallet: 'ALIPAYHK' as const,
  pay_scene: 'WAP' as const,
}

describe('gateway client', () => {
  it('sends a signed PreOrder with key and HK time, and returns the verified reply', async () => {
    const seen: Record<string, string>[] = []
    const base = await gateway((body, req, res) => {
      seen.push(body)
      expect(req.url).toBe('/VMP/Servlet/JSAPIService.do')
      json(
        res,
        signPayload(
          {
            return_status: '00',
            pay_apptrade: 'https://pay',
            eft_trade_no: 'EFT1',
            out_trade_no: body.out_trade_no,
            time: '20240101120001',
          },
          SECRET,
        ),
      )
    })
    const exchanges: GatewayExchange[] = []
    const client = createGatewayClient({
      baseUrl: base,
      userKey: USER_KEY,
      secret: SECRET,
      clock,
      onExchange: (e) => exchanges.push(e),
    })
    const reply = await client.preOrder(preOrderInput)
    expect(reply.pay_apptrade).toBe('https://pay')
    expect(seen[0]).toMatchObject({ user_confirm_key: USER_KEY, time: '20240101120000' })
    expect(verify(seen[0]!, SECRET).ok).toBe(true)
    expect(exchanges).toHaveLength(1)
    expect(exchanges[0]?.service).toBe('service.alipay.wap.PreOrder')
  })

  it('refuses a request that breaks a gateway limit before sending, naming the field', async () => {
    let calls = 0
    const base = await gateway((_body, _req, res) => {
      calls++
      json(res, {})
    })
    const client = createGatewayClient({ baseUrl: base, userKey: USER_KEY, secret: SECRET, clock })
    const error = await client
      .preOrder({ ...preOrderInput, out_trade_no: 'X'.repeat(29) })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GatewayError)
    expect(error).toMatchObject({
      kind: 'invalid-request',
      field: 'out_trade_no',
      retryable: false,
    })
    const unknown = await client
      .preOrder({ ...preOrderInput, ...{ amount: '1' } })
      .catch((e: unknown) => e)
    expect(unknown).toMatchObject({ kind: 'invalid-request', field: 'amount' })
    expect(calls).toBe(0)
  })

  it('types each failure and says whether a retry may help', async () => {
    const answers: ((res: ServerResponse) => void)[] = [
      (res) => json(res, { error: 'boom' }, 503),
      (res) => json(res, '{not json'),
      (res) =>
        json(res, {
          ...signPayload(
            { return_status: '00', pay_apptrade: 'x', eft_trade_no: 'E', out_trade_no: 'E0001' },
            'wrong',
          ),
        }),
      (res) =>
        json(
          res,
          signPayload(
            { return_status: '03', return_char: 'duplicate', time: '20240101120001' },
            SECRET,
          ),
        ),
      (res) =>
        json(res, {
          return_status: '00',
          pay_apptrade: 'x',
          eft_trade_no: 'E',
          out_trade_no: 'E0001',
        }),
    ]
    let i = 0
    const base = await gateway((_body, _req, res) => answers[i++]!(res))
    const client = createGatewayClient({ baseUrl: base, userKey: USER_KEY, secret: SECRET, clock })
    const kinds = []
    for (let n = 0; n < answers.length; n++) {
      const error = (await client.preOrder(preOrderInput).catch((e: unknown) => e)) as GatewayError
      kinds.push([error.kind, error.retryable, error.returnStatus])
    }
    expect(kinds).toEqual([
      ['http', true, undefined],
      ['malformed', true, undefined],
      ['signature', false, undefined],
      ['rejected', false, '03'],
      ['signature', false, undefined],
    ])
  })

  it('accepts an unsigned refusal but still reports it as rejected', async () => {
    const base = await gateway((_body, _req, res) =>
      json(res, { return_status: '99', return_char: 'system error' }),
    )
    const client = createGatewayClient({ baseUrl: base, userKey: USER_KEY, secret: SECRET, clock })
    await expect(client.preOrder(preOrderInput)).rejects.toMatchObject({
      kind: 'rejected',
      returnStatus: '99',
    })
  })

  it('refuses a signed reply about another order than the one asked for', async () => {
    // A genuine signed TRADE_SUCCESS of order E0999, answered to a query for E0001.
    const base = await gateway((_body, _req, res) =>
      json(
        res,
        signPayload(
          {
            return_status: '00',
            out_trade_no: 'E0999',
            eft_trade_no: 'EFT9',
            pay_apptrade: 'https://pay',
            trade_status: 'TRADE_SUCCESS',
            time: '20240101120001',
          },
          SECRET,
        ),
      ),
    )
    const client = createGatewayClient({
      baseUrl: base,
      userKey: USER_KEY,
      secret: SECRET,
      clock,
      queryRetries: 0,
    })
    await expect(
      client.query({ querytype: 'OUT_TRADE', out_trade_no: 'E0001' }),
    ).rejects.toMatchObject({ kind: 'malformed', field: 'out_trade_no' })
    await expect(client.preOrder(preOrderInput)).rejects.toMatchObject({
      kind: 'malformed',
      field: 'out_trade_no',
    })
    const refund = {
      service: 'service.alipay.wap.Refund',
      return_amount: '1.00',
      total_fee: '12.50',
      out_trade_no: 'E0999',
      out_refund_no: 'E0999R1',
      payType: 'Alipay' as const,
      buyerType: 'ios' as const,
      wallet: 'ALIPAYHK' as const,
      pay_scene: 'WAP' as const,
    }
    await expect(client.refund(refund)).resolves.toMatchObject({ out_trade_no: 'E0999' })
  })

  it('times out a slow gateway', async () => {
    const base = await gateway(() => {
      /* never answers */
    })
    const client = createGatewayClient({
      baseUrl: base,
      userKey: USER_KEY,
      secret: SECRET,
      clock,
      timeoutMs: 150,
    })
    await expect(client.preOrder(preOrderInput)).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
    })
  })

  it('retries an idempotent query on a transient failure, never a PreOrder', async () => {
    let queries = 0
    let preOrders = 0
    const base = await gateway((body, req, res) => {
      if (req.url?.endsWith('QRcodeTradeQuery.do')) {
        queries++
        if (queries === 1) return json(res, {}, 502)
        return json(
          res,
          signPayload(
            {
              return_status: '00',
              out_trade_no: body.out_trade_no,
              trade_status: 'TRADE_SUCCESS',
              time: '20240101120001',
            },
            SECRET,
          ),
        )
      }
      preOrders++
      json(res, {}, 502)
    })
    const client = createGatewayClient({ baseUrl: base, userKey: USER_KEY, secret: SECRET, clock })
    const reply = await client.query({ querytype: 'OUT_TRADE', out_trade_no: 'E0001' })
    expect(reply.trade_status).toBe('TRADE_SUCCESS')
    expect(queries).toBe(2)
    await expect(client.preOrder(preOrderInput)).rejects.toMatchObject({ kind: 'http' })
    expect(preOrders).toBe(1)
  })
})

describe('pay links in a PreOrder reply (docs/protocol.md "Pay links")', () => {
  /** A gateway whose signed PreOrder reply carries `link`; `live` reaches it as https://vmp.test. */
  async function clientAnswering(link: string, live: boolean) {
    // One stand-in at a time: the previous one is closed first (afterEach closes the last).
    server?.closeAllConnections()
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    server = undefined
    const base = await gateway((body, _req, res) =>
      json(
        res,
        signPayload(
          {
            return_status: '00',
            pay_apptrade: link,
            eft_trade_no: 'EFT1',
            out_trade_no: body.out_trade_no,
            time: '20240101120001',
          },
          SECRET,
        ),
      ),
    )
    const liveBase = 'https://vmp.test/VMP'
    return createGatewayClient({
      baseUrl: live ? liveBase : base,
      userKey: USER_KEY,
      secret: SECRET,
      clock,
      // Live: the same local gateway, reached as if it were eftPay's https host.
      ...(live
        ? {
            fetch: (input: string | URL | Request, init?: RequestInit) =>
              fetch(String(input).replace(liveBase, base), init),
          }
        : {}),
    })
  }
  const preOrderWith = (wallet: 'ALIPAYHK' | 'WECHATHK' | 'PAYME' | 'BOCVMPUPI' | 'OCT') => ({
    ...preOrderInput,
    wallet,
    payType: (
      {
        ALIPAYHK: 'Alipay',
        WECHATHK: 'WeChat',
        PAYME: 'PAYME',
        BOCVMPUPI: 'BOCVMP',
        OCT: 'OCT',
      } as const
    )[wallet],
  })

  it('takes https links in live mode, and plain http to loopback only from a loopback gateway', async () => {
    const https = await clientAnswering('https://vmp.eftpay.com.cn/VMP/wap/payPage?x=1', true)
    await expect(https.preOrder(preOrderInput)).resolves.toMatchObject({
      pay_apptrade: 'https://vmp.eftpay.com.cn/VMP/wap/payPage?x=1',
    })
    const sandbox = await clientAnswering('http://127.0.0.1:8787/sandbox/pay/E1', false)
    await expect(sandbox.preOrder(preOrderInput)).resolves.toMatchObject({
      pay_apptrade: 'http://127.0.0.1:8787/sandbox/pay/E1',
    })
    const liveLoopback = await clientAnswering('http://127.0.0.1:8787/pay/E1', true)
    await expect(liveLoopback.preOrder(preOrderInput)).rejects.toMatchObject({
      kind: 'malformed',
      field: 'pay_apptrade',
    })
  })

  it('refuses script, data and foreign plain-http links as a malformed reply, never a refusal', async () => {
    for (const [link, live] of [
      ['javascript:alert(1)', true],
      ['JAVASCRIPT:alert(1)', false],
      ['\tjavascript:alert(1)', false],
      ['data:text/html,hi', true],
      ['vbscript:x', false],
      ['file:///etc/passwd', false],
      ['http://evil.example/pay', false],
      ['http://localhost:@evil.example/pay', false],
      ['http://127.0.0.1.evil.example/pay', false],
      ['//evil.example/pay', true],
      ['not a url', true],
      ['intent://pay#Intent;scheme=weixin;end', false],
    ] as const) {
      const client = await clientAnswering(link, live)
      const error = await client.preOrder(preOrderInput).catch((e: unknown) => e)
      expect(error, link).toBeInstanceOf(GatewayError)
      expect(error, link).toMatchObject({
        kind: 'malformed',
        field: 'pay_apptrade',
        retryable: true,
      })
    }
  })

  it("takes a wallet app's own scheme for that wallet only", async () => {
    for (const [wallet, link] of [
      ['WECHATHK', 'weixin://wap/pay?prepayid%3Dwx1'],
      ['ALIPAYHK', 'alipayhk://platformapi/startapp?x=1'],
      ['PAYME', 'payme://payment?token=1'],
      ['BOCVMPUPI', 'bocpay://pay?x=1'],
      ['OCT', 'octopus://payment?token=1'],
    ] as const) {
      const client = await clientAnswering(link, true)
      await expect(client.preOrder(preOrderWith(wallet)), link).resolves.toMatchObject({
        pay_apptrade: link,
      })
    }
    const client = await clientAnswering('weixin://wap/pay?prepayid%3Dwx1', true)
    await expect(client.preOrder(preOrderWith('ALIPAYHK'))).rejects.toMatchObject({
      kind: 'malformed',
      field: 'pay_apptrade',
    })
  })
})
