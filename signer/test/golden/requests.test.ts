import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSandbox, SANDBOX_SECRET, SANDBOX_USER_KEY, type Sandbox } from '@eftpay/sandbox'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Device } from '../../src/contract/vocabulary.js'
import { createPaymentsService } from '../../src/domain/payments-service.js'
import { createGatewayClient } from '../../src/gateway/client.js'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'

/**
 * The golden table: every request the signer sends, for every wallet × device × service, checked
 * against what eftPay's pages ask for (docs/protocol.md), written out by hand here and NOT derived
 * from the signer's routing table or schemas. The signer runs for real (domain, SQLite, HTTP) against
 * the sandbox; a recording fetch keeps each request body as it went on the wire.
 */

type Body = Record<string, string>
const IOS: Device = { os: 'ios', mobile: true, in_app: 'none' }
const ANDROID: Device = { os: 'android', mobile: true, in_app: 'none' }
const IN_WECHAT: Device = { os: 'android', mobile: true, in_app: 'wechat' }
const IN_ALIPAY: Device = { os: 'ios', mobile: true, in_app: 'alipay' }
const DESKTOP: Device = { os: 'others', mobile: false, in_app: 'none' }

interface Golden {
  wallet: string
  device: Device
  service: string
  payType: string
  pay_scene: string
  /** The page lists `lang` for this service (OCT, MPGS, AE). */
  lang?: boolean
  refund: string
}

const g = (
  wallet: string,
  device: Device,
  service: string,
  payType: string,
  pay_scene: string,
  refund: string,
  lang = false,
): Golden => ({ wallet, device, service, payType, pay_scene, refund, lang })

// Page "Place an Order" (service → payType → wallet, service → pay_scene, "pass WEB by default"),
// pages "Refund" (web/WAP), and the assumptions of docs/protocol.md "Refund".
const ALIPAY_WAP = [
  'service.alipay.wap.PreOrder',
  'Alipay',
  'WAP',
  'service.alipay.wap.Refund',
] as const
const ALIPAY_WEB = [
  'service.alipay.web.PreOrder',
  'Alipay',
  'WEB',
  'service.alipay.web.Refund',
] as const
const WECHAT_H5 = [
  'service.wechat.web.MobileH5',
  'WeChat',
  'WEB',
  'service.wechat.web.Refund',
] as const
const WECHAT_IN = [
  'service.wechat.oauth2.Authorize',
  'WeChat',
  'WXWEB',
  'service.wechat.web.Refund',
] as const
const WECHAT_WEB = [
  'service.wechat.web.PreOrder',
  'WeChat',
  'WEB',
  'service.wechat.web.Refund',
] as const
const PAYME_APP = [
  'service.payme.web.PreOrder',
  'PAYME',
  'APP',
  'service.payme.web.Refund',
] as const
const PAYME_WEB = [
  'service.payme.web.PreOrder',
  'PAYME',
  'WEB',
  'service.payme.web.Refund',
] as const
const BOC_H5 = [
  'service.bocvmp.upi.wap.PreOrder',
  'BOCVMP',
  'H5',
  'service.bocvmp.upi.wap.Refund',
] as const
const OCT = ['service.oct.online.PreOrder', 'OCT', 'WEB', 'service.oct.online.Refund'] as const
const UNIONPAY = [
  'service.unionpay.online.web.PreOrder',
  'UnionPay',
  'ONLINE_WEB',
  'service.unionpay.online.web.Refund',
] as const
const ICBC = ['service.icbc.wap.PreOrder', 'ICBC', 'WEB', 'service.icbc.wap.Refund'] as const
const MPGS = ['service.mpgs.web.PreOrder', 'Mpgs', 'WEB', 'service.mpgs.web.Refund'] as const
const AE = ['service.ae.web.PreOrder', 'AE', 'WEB', 'service.ae.web.Refund'] as const

const TABLE: Golden[] = [
  ...['ALIPAYHK', 'ALIPAYCN'].flatMap((w) => [
    g(w, IOS, ...ALIPAY_WAP),
    g(w, ANDROID, ...ALIPAY_WAP),
    g(w, IN_ALIPAY, ...ALIPAY_WAP),
    g(w, DESKTOP, ...ALIPAY_WEB),
  ]),
  ...['WECHATHK', 'WECHATCN'].flatMap((w) => [
    g(w, IOS, ...WECHAT_H5),
    g(w, ANDROID, ...WECHAT_H5),
    g(w, IN_WECHAT, ...WECHAT_IN),
    g(w, DESKTOP, ...WECHAT_WEB),
  ]),
  g('PAYME', IOS, ...PAYME_APP),
  g('PAYME', IN_WECHAT, ...PAYME_APP),
  g('PAYME', DESKTOP, ...PAYME_WEB),
  g('BOCVMPUPI', ANDROID, ...BOC_H5),
  g('BOCVMPUPI', DESKTOP, ...BOC_H5),
  ...[IOS, DESKTOP].flatMap((d) => [
    g('OCT', d, ...OCT, true),
    g('UNIONPAY', d, ...UNIONPAY),
    g('ICBCWAP', d, ...ICBC),
    g('MPGS', d, ...MPGS, true),
    g('AE', d, ...AE, true),
  ]),
]

/** Page "Place an Order": every field a PreOrder may carry, and those it must. */
const PREORDER_FIELDS = [
  'service',
  'user_confirm_key',
  'transaction_amount',
  'out_trade_no',
  'payType',
  'buyerType',
  'subject',
  'wallet',
  'body',
  'pay_scene',
  'fee_type',
  'tid',
  'notify_url',
  'return_url',
  'active_time',
  'lang',
  'scheme',
  'packageName',
  'app_link',
  'time',
  'sign',
]
const PREORDER_REQUIRED = [
  'service',
  'user_confirm_key',
  'transaction_amount',
  'out_trade_no',
  'payType',
  'buyerType',
  'subject',
  'wallet',
  'pay_scene',
  'time',
  'sign',
]
/** Pages "Query" (`QRcodeTradeQuery.do`). */
const QUERY_FIELDS = [
  'querytype',
  'eft_trade_no',
  'out_trade_no',
  'refund_no',
  'user_confirm_key',
  'time',
  'sign',
]
/** Pages "Refund" (web and WAP scenes). */
const REFUND_FIELDS = [
  'service',
  'user_confirm_key',
  'return_amount',
  'total_fee',
  'out_trade_no',
  'payType',
  'buyerType',
  'reason',
  'wallet',
  'out_refund_no',
  'eft_trade_no',
  'pay_scene',
  'notify_url',
  'time',
  'sign',
]
const REFUND_REQUIRED = [
  'service',
  'user_confirm_key',
  'return_amount',
  'total_fee',
  'out_trade_no',
  'payType',
  'buyerType',
  'wallet',
  'out_refund_no',
  'pay_scene',
  'time',
  'sign',
]

function expectShape(body: Body, allowed: string[], required: string[]) {
  expect(
    Object.keys(body).filter((k) => !allowed.includes(k)),
    'fields the page does not list',
  ).toEqual([])
  expect(
    required.filter((k) => body[k] === undefined),
    'required fields missing',
  ).toEqual([])
  expect(
    Object.entries(body).filter(([, v]) => v === ''),
    'empty values',
  ).toEqual([])
  expect(body.user_confirm_key).toBe(SANDBOX_USER_KEY)
  expect(body.time).toMatch(/^\d{14}$/)
  expect(body.sign).toMatch(/^[0-9a-f]{64}$/)
}

let server: ServerType
let sandbox: Sandbox
let db: Db
let dir: string
let sent: Array<{ servlet: string; body: Body }>
let service: ReturnType<typeof createPaymentsService>
let publicUrl: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'golden-'))
  db = await openDatabase(`sqlite:${join(dir, 'golden.db')}`)
  const app = new Hono()
  app.all('/sandbox/*', (c) => {
    const url = new URL(c.req.url)
    url.pathname = url.pathname.replace(/^\/sandbox/, '') || '/'
    return sandbox.app.fetch(new Request(url, c.req.raw))
  })
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const address = server.address()
  publicUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  sandbox = createSandbox({
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock: () => new Date(),
    publicUrl: `${publicUrl}/sandbox`,
    notifyRetryScheduleMs: [0],
  })
  sent = []
  const recording: typeof fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input)
    sent.push({ servlet: url.split('/').pop() ?? '', body: JSON.parse(String(init?.body)) as Body })
    return fetch(input, init)
  }
  const gateway = createGatewayClient({
    baseUrl: `${publicUrl}/sandbox/VMP`,
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock: () => new Date(),
    queryRetries: 0,
    fetch: recording,
  })
  service = createPaymentsService({
    db,
    gateway,
    secret: SANDBOX_SECRET,
    userKey: SANDBOX_USER_KEY,
    publicUrl,
  })
})

afterAll(async () => {
  sandbox?.close()
  server?.close()
  await db?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Pays, queries and refunds one payment; returns the three requests as sent. */
async function placeQueryRefund(start: () => Promise<{ id: string; eftTradeNo?: string | null }>) {
  sent.length = 0
  const payment = await start()
  const pre = sent.find((r) => r.servlet === 'JSAPIService.do')?.body as Body
  if (payment.eftTradeNo && pre.service !== 'service.mpgs.token.ApplePay') {
    const pressed = await fetch(`${publicUrl}/sandbox/pay/${payment.eftTradeNo}`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'success' }),
      redirect: 'manual',
    })
    expect(pressed.status).toBeLessThan(400)
  }
  await sandbox.idle()
  expect((await service.refreshPayment(payment.id)).status).toBe('succeeded')
  const query = sent.find((r) => r.servlet === 'QRcodeTradeQuery.do')?.body as Body
  await service.createRefund({ paymentId: payment.id, amount: '1.00', reason: '退款 test' })
  const refund = sent.filter((r) => r.servlet === 'JSAPIService.do').at(-1)?.body as Body
  return { pre, query, refund }
}

async function session(subject: string) {
  return service.createSession({
    amount: '12.30',
    currency: 'HKD',
    subject,
    body: '鐵觀音 x 2',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
  })
}

describe('golden table: what the signer sends, per wallet × device × service', () => {
  for (const row of TABLE) {
    const name = `${row.wallet} on ${row.device.os}${row.device.mobile ? ' phone' : ''}${row.device.in_app === 'none' ? '' : ` in ${row.device.in_app}`}`
    it(`${name}: ${row.service} / ${row.pay_scene}, refund ${row.refund}`, async () => {
      const s = await session('中文测试 tea')
      const { pre, query, refund } = await placeQueryRefund(
        async () =>
          (
            await service.startPayment({
              sessionId: s.id,
              wallet: row.wallet as never,
              device: row.device,
              lang: 'en',
            })
          ).payment,
      )
      expectShape(pre, PREORDER_FIELDS, PREORDER_REQUIRED)
      expect(pre).toMatchObject({
        service: row.service,
        payType: row.payType,
        wallet: row.wallet,
        pay_scene: row.pay_scene,
        buyerType: row.device.os,
        transaction_amount: '12.30',
        fee_type: 'HKD',
        subject: '中文测试 tea',
        body: '鐵觀音 x 2',
        notify_url: `${publicUrl}/v1/gateway/notify`,
      })
      expect(pre.return_url).toMatch(new RegExp(`^${publicUrl}/v1/gateway/return/[^?]+$`))
      expect(Number(pre.active_time) % 60, 'active_time in whole minutes').toBe(0)
      expect(pre.lang).toBe(row.lang ? 'en' : undefined)

      expectShape(query, QUERY_FIELDS, ['querytype', 'user_confirm_key', 'time', 'sign'])
      expect(query.querytype).toBe('OUT_TRADE')
      expect(query.out_trade_no).toBe(pre.out_trade_no)
      expect(query.service).toBeUndefined()

      expectShape(refund, REFUND_FIELDS, REFUND_REQUIRED)
      expect(refund).toMatchObject({
        service: row.refund,
        return_amount: '1.00',
        total_fee: '12.30',
        out_trade_no: pre.out_trade_no,
        payType: row.payType,
        wallet: row.wallet,
        pay_scene: row.pay_scene,
        buyerType: row.device.os,
      })
      expect(refund.out_refund_no?.length).toBeLessThanOrEqual(28)
      expect(refund.eft_trade_no).toHaveLength(31)
    })
  }

  it('Apple Pay on iOS: service.mpgs.token.ApplePay / TOKEN_APPLE_PAY, refund service.mpgs.web.Refund', async () => {
    const s = await session('Apple Pay tea')
    const token = JSON.stringify({ version: 'EC_v1', data: 'ok', signature: 's', header: {} })
    const { pre, refund } = await placeQueryRefund(() =>
      service.payWithApplePay({ sessionId: s.id, tokenId: token, device: IOS }),
    )
    const tokenFields = [
      'service',
      'user_confirm_key',
      'token_id',
      'transaction_amount',
      'out_trade_no',
      'payType',
      'buyerType',
      'subject',
      'wallet',
      'body',
      'pay_scene',
      'fee_type',
      'tid',
      'notify_url',
      'time',
      'sign',
    ]
    expectShape(
      pre,
      tokenFields,
      tokenFields.filter((f) => !['body', 'fee_type', 'tid', 'notify_url'].includes(f)),
    )
    expect(pre).toMatchObject({
      service: 'service.mpgs.token.ApplePay',
      payType: 'Mpgs',
      wallet: 'MPGS',
      pay_scene: 'TOKEN_APPLE_PAY',
      buyerType: 'ios',
      token_id: token,
      fee_type: 'HKD',
    })
    expectShape(refund, REFUND_FIELDS, REFUND_REQUIRED)
    expect(refund).toMatchObject({
      service: 'service.mpgs.web.Refund',
      payType: 'Mpgs',
      wallet: 'MPGS',
      pay_scene: 'TOKEN_APPLE_PAY',
      total_fee: '12.30',
    })
  })
})
