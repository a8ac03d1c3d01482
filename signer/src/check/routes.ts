import type { Config } from '../config/index.js'
import type { Device } from '../contract/vocabulary.js'
import {
  type Route,
  routeApplePay,
  routeGooglePay,
  routeWallet,
  walletFits,
} from '../gateway/routing-table.js'

/**
 * Every route the signer can send for the enabled wallets (docs/protocol.md "Services per wallet
 * and device"): the routing table asked for each kind of device the widget reports, the same
 * service and scene asked once. Token wallets (Apple Pay, Google Pay) are one route each.
 */

interface DeviceCase {
  name: string
  device: Device
  /** BOCPay's APP scene needs the app's link (routing-table.ts `RouteOptions`). */
  appLink?: boolean
}

const PHONE: Device = { os: 'ios', mobile: true, in_app: 'none' }
const DEVICES: readonly DeviceCase[] = [
  { name: 'desktop', device: { os: 'others', mobile: false, in_app: 'none' } },
  { name: 'phone', device: PHONE },
  { name: 'wechat-browser', device: { os: 'ios', mobile: true, in_app: 'wechat' } },
  { name: 'app', device: PHONE, appLink: true },
]

export interface CheckRoute {
  /** The check line's id: `wallet.<CODE>.<first device>`, or `wallet.APPLEPAY` / `wallet.GOOGLEPAY`. */
  id: string
  wallet: string
  kind: 'preorder' | 'apple-pay' | 'google-pay'
  /** The devices that get this route. */
  devices: string[]
  route: Route
}

/**
 * The link a host passes for BOCPay's APP scene is the merchant app's; check stands in
 * PUBLIC_URL (any absolute URL the PreOrder page allows).
 */
export const appLinkFor = (config: Config) => `${config.publicUrl}/`

export function routesToCheck(config: Config): CheckRoute[] {
  const routes: CheckRoute[] = []
  for (const wallet of config.wallets) {
    const seen = new Map<string, CheckRoute>()
    for (const c of DEVICES) {
      if (!walletFits(wallet, c.device)) continue
      // English: the services that take `lang` get it, as a shopper's page would send it.
      const route = routeWallet(
        wallet,
        c.device,
        'en',
        c.appLink ? { appLink: appLinkFor(config) } : {},
      )
      const key = `${route.service}|${route.pay_scene}|${Object.keys(route.extra).join(',')}`
      const known = seen.get(key)
      if (known) known.devices.push(c.name)
      else {
        const entry: CheckRoute = {
          id: `wallet.${wallet}.${c.name}`,
          wallet,
          kind: 'preorder',
          devices: [c.name],
          route,
        }
        seen.set(key, entry)
        routes.push(entry)
      }
    }
  }
  if (config.applePay.enabled)
    routes.push({
      id: 'wallet.APPLEPAY',
      wallet: 'APPLEPAY',
      kind: 'apple-pay',
      devices: ['apple-pay'],
      route: routeApplePay(PHONE),
    })
  if (config.googlePay.enabled)
    routes.push({
      id: 'wallet.GOOGLEPAY',
      wallet: 'GOOGLEPAY',
      kind: 'google-pay',
      devices: ['google-pay'],
      route: routeGooglePay(PHONE),
    })
  return routes
}
