import type { Device, NextActionType, ShopperLang, WalletCode } from '../contract/vocabulary.js'

/**
 * The one place that knows which gateway service serves a wallet on a given device
 * (docs/protocol.md, "Services per wallet and device"). The widget reports the device, the signer
 * asks this table, and nothing else in the code base names a service.
 */

export interface Route {
  service: string
  payType: string
  wallet: WalletCode | 'MPGS'
  pay_scene: string
  buyerType: Device['os']
  /** `redirect`: send the shopper to `pay_apptrade`. `qr_code`: show it as a QR code to scan with a phone. */
  nextAction: NextActionType
  /** Gateway `lang`, only for the services that take it (seeds: OCT, MPGS, AE). */
  lang?: 'en' | 'hk' | 'cn'
  /** Extra request fields this route needs (BOCPay's `app_link`). */
  extra: Record<string, string>
  /**
   * The default refund service for orders placed through this route (docs/protocol.md, "Refund");
   * `EFTPAY_REFUND_SERVICE_<WALLET>` may replace it on the wire (settings.ts).
   */
  refundService: string
  /** False where the gateway sends no async notify (docs/protocol.md, "Notification": OCT); polled. */
  notifies: boolean
}

export interface RouteOptions {
  /** A native app's link to return to after BOCPay (pay_scene APP); without it BOCPay uses H5. */
  appLink?: string
}

interface ServiceSpec {
  service: string
  payType: string
  pay_scene: string
  refundService: string
  takesLang?: boolean
  notifies?: boolean
}

// Services from the PreOrder page's table. Refund names: the Refund pages' own where they list the
// product; otherwise the assumption in docs/protocol.md "Refund": the PreOrder name with `PreOrder`
// replaced by `Refund`, the pattern every documented pair follows.
const S = {
  alipayWap: {
    service: 'service.alipay.wap.PreOrder',
    payType: 'Alipay',
    pay_scene: 'WAP',
    refundService: 'service.alipay.wap.Refund',
  },
  alipayWeb: {
    service: 'service.alipay.web.PreOrder',
    payType: 'Alipay',
    pay_scene: 'WEB',
    refundService: 'service.alipay.web.Refund',
  },
  wechatH5: {
    service: 'service.wechat.web.MobileH5',
    payType: 'WeChat',
    pay_scene: 'WEB',
    refundService: 'service.wechat.web.Refund',
  },
  wechatInApp: {
    service: 'service.wechat.oauth2.Authorize',
    payType: 'WeChat',
    pay_scene: 'WXWEB',
    refundService: 'service.wechat.web.Refund',
  },
  wechatWeb: {
    service: 'service.wechat.web.PreOrder',
    payType: 'WeChat',
    pay_scene: 'WEB',
    refundService: 'service.wechat.web.Refund',
  },
  icbc: {
    service: 'service.icbc.wap.PreOrder',
    payType: 'ICBC',
    pay_scene: 'WEB',
    refundService: 'service.icbc.wap.Refund',
  },
  unionpay: {
    service: 'service.unionpay.online.web.PreOrder',
    payType: 'UnionPay',
    pay_scene: 'ONLINE_WEB',
    refundService: 'service.unionpay.online.web.Refund',
  },
  octopus: {
    service: 'service.oct.online.PreOrder',
    payType: 'OCT',
    pay_scene: 'WEB',
    refundService: 'service.oct.online.Refund',
    takesLang: true,
    notifies: false,
  },
  mpgs: {
    service: 'service.mpgs.web.PreOrder',
    payType: 'Mpgs',
    pay_scene: 'WEB',
    refundService: 'service.mpgs.web.Refund',
    takesLang: true,
  },
  ae: {
    service: 'service.ae.web.PreOrder',
    payType: 'AE',
    pay_scene: 'WEB',
    refundService: 'service.ae.web.Refund',
    takesLang: true,
  },
  paymeWeb: {
    service: 'service.payme.web.PreOrder',
    payType: 'PAYME',
    pay_scene: 'WEB',
    refundService: 'service.payme.web.Refund',
  },
  paymeApp: {
    service: 'service.payme.web.PreOrder',
    payType: 'PAYME',
    pay_scene: 'APP',
    refundService: 'service.payme.web.Refund',
  },
  bocpayH5: {
    service: 'service.bocvmp.upi.wap.PreOrder',
    payType: 'BOCVMP',
    pay_scene: 'H5',
    refundService: 'service.bocvmp.upi.wap.Refund',
  },
  bocpayApp: {
    service: 'service.bocvmp.upi.wap.PreOrder',
    payType: 'BOCVMP',
    pay_scene: 'APP',
    refundService: 'service.bocvmp.upi.wap.Refund',
  },
  applePay: {
    service: 'service.mpgs.token.ApplePay',
    payType: 'Mpgs',
    // docs/protocol.md "Apple Pay": the default; EFTPAY_APPLE_PAY_SCENE switches it on the wire.
    pay_scene: 'TOKEN_APPLE_PAY',
    // Assumption (docs/protocol.md "Refund"): the sale went through the MPGS wallet.
    refundService: 'service.mpgs.web.Refund',
  },
  googlePay: {
    service: 'service.mpgs.token.GooglePay',
    payType: 'Mpgs',
    pay_scene: 'TOKEN_GOOGLE_PAY',
    // As for Apple Pay (docs/protocol.md "Refund"): the sale went through the MPGS wallet.
    refundService: 'service.mpgs.web.Refund',
  },
} as const satisfies Record<string, ServiceSpec>

type Choice = { spec: ServiceSpec; nextAction: NextActionType; extra?: Record<string, string> }

/**
 * Picks the service for a wallet on a device.
 * - Phone-paid wallets on a desktop (Alipay, WeChat, BOCPay): the web service, its `pay_apptrade`
 *   shown as a QR code for the shopper's phone. PayMe WEB returns eftPay's own PC page that shows
 *   the QR (seed tips), so that one is a redirect.
 * - WeChat inside WeChat's browser: oauth2 Authorize / WXWEB; elsewhere on a phone: MobileH5.
 * - Cards, Octopus, UnionPay and ICBC are web pages on every device: a redirect.
 */
function choose(walletCode: WalletCode, device: Device, options: RouteOptions): Choice {
  const phone = device.mobile
  switch (walletCode) {
    case 'ALIPAYHK':
    case 'ALIPAYCN':
      return phone
        ? { spec: S.alipayWap, nextAction: 'redirect' }
        : { spec: S.alipayWeb, nextAction: 'qr_code' }
    case 'WECHATHK':
    case 'WECHATCN':
      if (device.in_app === 'wechat') return { spec: S.wechatInApp, nextAction: 'redirect' }
      return phone
        ? { spec: S.wechatH5, nextAction: 'redirect' }
        : { spec: S.wechatWeb, nextAction: 'qr_code' }
    case 'PAYME':
      return { spec: phone ? S.paymeApp : S.paymeWeb, nextAction: 'redirect' }
    case 'BOCVMPUPI':
      if (!phone) return { spec: S.bocpayH5, nextAction: 'qr_code' }
      if (options.appLink)
        return { spec: S.bocpayApp, nextAction: 'redirect', extra: { app_link: options.appLink } }
      return { spec: S.bocpayH5, nextAction: 'redirect' }
    case 'OCT':
      return { spec: S.octopus, nextAction: 'redirect' }
    case 'UNIONPAY':
      return { spec: S.unionpay, nextAction: 'redirect' }
    case 'ICBCWAP':
      return { spec: S.icbc, nextAction: 'redirect' }
    case 'MPGS':
      return { spec: S.mpgs, nextAction: 'redirect' }
    case 'AE':
      return { spec: S.ae, nextAction: 'redirect' }
  }
}

const GATEWAY_LANG: Record<ShopperLang, 'en' | 'hk' | 'cn'> = {
  en: 'en',
  'zh-HK': 'hk',
  'zh-CN': 'cn',
}

function toRoute(
  choice: Choice,
  walletCode: WalletCode | 'MPGS',
  device: Device,
  lang: ShopperLang | undefined,
): Route {
  const { spec } = choice
  return {
    service: spec.service,
    payType: spec.payType,
    wallet: walletCode,
    pay_scene: spec.pay_scene,
    buyerType: device.os,
    nextAction: choice.nextAction,
    ...(spec.takesLang && lang ? { lang: GATEWAY_LANG[lang] } : {}),
    extra: choice.extra ?? {},
    refundService: spec.refundService,
    notifies: spec.notifies ?? true,
  }
}

/** The route for a redirect or QR wallet. */
export function routeWallet(
  walletCode: WalletCode,
  device: Device,
  lang?: ShopperLang,
  options: RouteOptions = {},
): Route {
  return toRoute(choose(walletCode, device, options), walletCode, device, lang)
}

/** The route for an Apple Pay token payment (docs/protocol.md "Apple Pay"): MPGS decrypts the token. */
export function routeApplePay(device: Device): Route {
  return toRoute({ spec: S.applePay, nextAction: 'redirect' }, 'MPGS', device, undefined)
}

/** The route for a Google Pay token payment (docs/protocol.md "Google Pay"): MPGS decrypts the token. */
export function routeGooglePay(device: Device): Route {
  return toRoute({ spec: S.googlePay, nextAction: 'redirect' }, 'MPGS', device, undefined)
}

/**
 * Whether a wallet can be paid from this device at all. Inside WeChat's browser Alipay links are
 * blocked, and inside Alipay's browser WeChat Pay cannot open (docs/api.md "GET /v1/config");
 * every other wallet has a route on every device. `GET /v1/config` filters with this.
 */
export function walletFits(walletCode: WalletCode, device: Device): boolean {
  const alipay = walletCode === 'ALIPAYHK' || walletCode === 'ALIPAYCN'
  const wechat = walletCode === 'WECHATHK' || walletCode === 'WECHATCN'
  if (device.in_app === 'wechat') return !alipay
  if (device.in_app === 'alipay') return !wechat
  return true
}

/** Every service the table can produce, for the sandbox and for tests. */
export const ROUTED_SERVICES: readonly string[] = [
  ...new Set(Object.values(S).map((s) => s.service)),
]

/** Every refund service the table can produce. */
export const REFUND_SERVICES: readonly string[] = [
  ...new Set(Object.values(S).map((s) => s.refundService)),
]
