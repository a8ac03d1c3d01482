import { describe, expect, it } from 'vitest'
import { type Device, WALLETS } from '../contract/vocabulary.js'
import { preOrderRequest } from './messages.js'
import {
  ROUTED_SERVICES,
  routeApplePay,
  routeGooglePay,
  routeWallet,
  walletFits,
} from './routing-table.js'
import { WALLET_CURRENCIES, walletTakesCurrency } from './wallet-currencies.js'

const iphone: Device = { os: 'ios', mobile: true, in_app: 'none' }
const android: Device = { os: 'android', mobile: true, in_app: 'none' }
const desktop: Device = { os: 'others', mobile: false, in_app: 'none' }
const inWeChat: Device = { os: 'ios', mobile: true, in_app: 'wechat' }
const inAlipay: Device = { os: 'android', mobile: true, in_app: 'alipay' }

const pick = (route: ReturnType<typeof routeWallet>) => [
  route.service,
  route.payType,
  route.pay_scene,
  route.nextAction,
]

describe('routing table (docs/protocol.md, "Services per wallet and device")', () => {
  it('Alipay: WAP on a phone, the web service as a QR code on a desktop', () => {
    expect(pick(routeWallet('ALIPAYHK', iphone))).toEqual([
      'service.alipay.wap.PreOrder',
      'Alipay',
      'WAP',
      'redirect',
    ])
    expect(pick(routeWallet('ALIPAYCN', desktop))).toEqual([
      'service.alipay.web.PreOrder',
      'Alipay',
      'WEB',
      'qr_code',
    ])
  })

  it("WeChat: oauth2 WXWEB inside WeChat's browser, MobileH5 in a phone browser, QR on a desktop", () => {
    expect(pick(routeWallet('WECHATHK', inWeChat))).toEqual([
      'service.wechat.oauth2.Authorize',
      'WeChat',
      'WXWEB',
      'redirect',
    ])
    expect(pick(routeWallet('WECHATHK', android))).toEqual([
      'service.wechat.web.MobileH5',
      'WeChat',
      'WEB',
      'redirect',
    ])
    expect(pick(routeWallet('WECHATCN', desktop))).toEqual([
      'service.wechat.web.PreOrder',
      'WeChat',
      'WEB',
      'qr_code',
    ])
  })

  it('PayMe: WEB (eftPay page with a QR) on a desktop, APP on a phone', () => {
    expect(pick(routeWallet('PAYME', desktop))).toEqual([
      'service.payme.web.PreOrder',
      'PAYME',
      'WEB',
      'redirect',
    ])
    expect(pick(routeWallet('PAYME', iphone))).toEqual([
      'service.payme.web.PreOrder',
      'PAYME',
      'APP',
      'redirect',
    ])
  })

  it('BOCPay: H5 on a phone, APP with app_link when the merchant has an app, QR on a desktop', () => {
    expect(pick(routeWallet('BOCVMPUPI', android))).toEqual([
      'service.bocvmp.upi.wap.PreOrder',
      'BOCVMP',
      'H5',
      'redirect',
    ])
    const app = routeWallet('BOCVMPUPI', android, undefined, { appLink: 'myshop://paid' })
    expect([app.pay_scene, app.extra]).toEqual(['APP', { app_link: 'myshop://paid' }])
    expect(pick(routeWallet('BOCVMPUPI', desktop))).toEqual([
      'service.bocvmp.upi.wap.PreOrder',
      'BOCVMP',
      'H5',
      'qr_code',
    ])
  })

  it('UnionPay ONLINE_WEB, ICBC WAP, Octopus, MPGS and AE redirect on every device', () => {
    for (const device of [iphone, desktop]) {
      expect(pick(routeWallet('UNIONPAY', device))).toEqual([
        'service.unionpay.online.web.PreOrder',
        'UnionPay',
        'ONLINE_WEB',
        'redirect',
      ])
      expect(pick(routeWallet('ICBCWAP', device))).toEqual([
        'service.icbc.wap.PreOrder',
        'ICBC',
        'WEB',
        'redirect',
      ])
      expect(pick(routeWallet('OCT', device))).toEqual([
        'service.oct.online.PreOrder',
        'OCT',
        'WEB',
        'redirect',
      ])
      expect(pick(routeWallet('MPGS', device))).toEqual([
        'service.mpgs.web.PreOrder',
        'Mpgs',
        'WEB',
        'redirect',
      ])
      expect(pick(routeWallet('AE', device))).toEqual([
        'service.ae.web.PreOrder',
        'AE',
        'WEB',
        'redirect',
      ])
    }
  })

  it.each([
    ['Apple Pay', routeApplePay(iphone), 'ApplePay', 'TOKEN_APPLE_PAY', 'ios'],
    ['Google Pay', routeGooglePay(android), 'GooglePay', 'TOKEN_GOOGLE_PAY', 'android'],
  ])('%s: the MPGS token service, refunded through MPGS', (_name, route, service, scene, buyer) => {
    expect([route.service, route.payType, route.wallet, route.pay_scene]).toEqual([
      `service.mpgs.token.${service}`,
      'Mpgs',
      'MPGS',
      scene,
    ])
    expect(route.buyerType).toBe(buyer)
    expect(route.refundService).toBe('service.mpgs.web.Refund')
  })

  it('passes lang only to the services that take it (OCT, MPGS, AE)', () => {
    expect(routeWallet('OCT', iphone, 'zh-HK').lang).toBe('hk')
    expect(routeWallet('MPGS', desktop, 'zh-CN').lang).toBe('cn')
    expect(routeWallet('AE', desktop, 'en').lang).toBe('en')
    expect(routeWallet('ALIPAYHK', iphone, 'zh-HK').lang).toBeUndefined()
  })

  it('buyerType follows the device', () => {
    expect(routeWallet('MPGS', android).buyerType).toBe('android')
    expect(routeWallet('MPGS', desktop).buyerType).toBe('others')
  })

  it('OCT is polled, not notified (docs/protocol.md, "Notification")', () => {
    expect(routeWallet('OCT', iphone).notifies).toBe(false)
    expect(routeWallet('ALIPAYHK', iphone).notifies).toBe(true)
  })

  it('reaches every seed service from some wallet and device', () => {
    const devices = [iphone, android, desktop, inWeChat, inAlipay]
    const reached = new Set<string>([
      routeApplePay(iphone).service,
      routeGooglePay(android).service,
    ])
    for (const wallet of WALLETS)
      for (const device of devices) reached.add(routeWallet(wallet, device).service)
    const seeds = [
      'service.alipay.wap.PreOrder',
      'service.wechat.web.MobileH5',
      'service.wechat.oauth2.Authorize',
      'service.icbc.wap.PreOrder',
      'service.unionpay.online.web.PreOrder',
      'service.oct.online.PreOrder',
      'service.mpgs.web.PreOrder',
      'service.ae.web.PreOrder',
      'service.payme.web.PreOrder',
      'service.bocvmp.upi.wap.PreOrder',
      'service.mpgs.token.ApplePay',
      'service.mpgs.token.GooglePay',
    ]
    for (const service of seeds) expect(reached).toContain(service)
    expect(new Set(ROUTED_SERVICES)).toEqual(reached)
  })

  it('every route produces a PreOrder the gateway schema accepts', () => {
    for (const wallet of WALLETS) {
      for (const device of [iphone, desktop, inWeChat]) {
        const route = routeWallet(wallet, device, 'zh-HK', { appLink: 'myshop://paid' })
        const request = {
          service: route.service,
          payType: route.payType,
          wallet: route.wallet,
          pay_scene: route.pay_scene,
          buyerType: route.buyerType,
          ...(route.lang ? { lang: route.lang } : {}),
          ...route.extra,
          user_confirm_key: 'TESTUCK00001',
          transaction_amount: '1.00',
          out_trade_no: 'A1',
          subject: 'Test',
          time: '20240101120000',
        }
        expect(
          preOrderRequest.safeParse(request).success,
          `${wallet} ${JSON.stringify(device)}`,
        ).toBe(true)
      }
    }
  })

  it("hides Alipay inside WeChat's browser and WeChat Pay inside Alipay's", () => {
    expect(walletFits('ALIPAYHK', inWeChat)).toBe(false)
    expect(walletFits('WECHATHK', inWeChat)).toBe(true)
    expect(walletFits('WECHATCN', inAlipay)).toBe(false)
    expect(walletFits('ALIPAYCN', inAlipay)).toBe(true)
    for (const wallet of WALLETS) expect(walletFits(wallet, desktop)).toBe(true)
  })
})

describe('currencies per wallet (docs/protocol.md, "Currencies per wallet")', () => {
  it('is the documented table: token wallets, Octopus and PayMe HKD only, the rest HKD and CNY', () => {
    const hkdOnly = Object.entries(WALLET_CURRENCIES)
      .filter(([, currencies]) => !currencies.includes('CNY'))
      .map(([wallet]) => wallet)
    expect(hkdOnly.sort()).toEqual(['APPLEPAY', 'GOOGLEPAY', 'OCT', 'PAYME'])
    for (const wallet of [...WALLETS, 'APPLEPAY', 'GOOGLEPAY'] as const)
      expect(walletTakesCurrency(wallet, 'HKD'), wallet).toBe(true)
    expect(walletTakesCurrency('APPLEPAY', 'CNY')).toBe(false)
    expect(walletTakesCurrency('ALIPAYCN', 'CNY')).toBe(true)
  })
})
