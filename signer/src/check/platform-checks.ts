import type { Config } from '../config/index.js'
import { routeApplePay, routeGooglePay, routeWallet } from '../gateway/routing-table.js'
import {
  configuredRefundService,
  DEFAULT_GATEWAY_SETTINGS,
  type PlatformPreset,
  presetOf,
  refundServiceFor,
} from '../gateway/settings.js'
import type { CheckLine } from './types.js'

/**
 * What `check` may send on the configured platform (docs/protocol.md, "OAPM"). VMP has a test
 * environment, so the wallet checks place one smallest-amount PreOrder each (never paid). OAPM has
 * none: every PreOrder is a real order in production. There check runs only what places no order
 * (the configuration, reachability and clock skew, from a query of an order number that does not
 * exist), says per wallet what it would send, and lists what only the first live HK$0.10 order can
 * prove. In sandbox mode the orders go to the built-in simulator, so they are placed on either.
 */

const PHONE = { os: 'ios', mobile: true, in_app: 'none' } as const

/** The lines in place of `placeOrders()`'s on a platform without a test environment. */
export async function platformChecks(
  config: Config,
  placeOrders: () => Promise<CheckLine[]>,
): Promise<CheckLine[]> {
  const preset = presetOf(config.protocol)
  if (preset.testEnvironment) return placeOrders()
  const platform: CheckLine = {
    id: 'platform',
    status: 'pass',
    message:
      config.mode === 'sandbox'
        ? `platform ${preset.name} (EFTPAY_PLATFORM): the PreOrders below go to the built-in sandbox; live, check places none (${preset.name} has no test environment)`
        : `platform ${preset.name} (EFTPAY_PLATFORM): no test environment, so check places no order; it checked what needs none (above) and lists what the first live order proves`,
    details: {
      platform: preset.name,
      notify_ack: preset.notifyAck,
      return_transport: preset.returnTransport,
    },
  }
  if (config.mode === 'sandbox') return [platform, ...(await placeOrders())]
  return [platform, ...notPlaced(config, preset), ...firstLiveOrder(config, preset)]
}

/** Per enabled wallet: what a payment would send, without sending it. */
function notPlaced(config: Config, preset: PlatformPreset): CheckLine[] {
  const settings = config.protocol ?? DEFAULT_GATEWAY_SETTINGS
  const sales = [
    ...config.wallets.map((wallet) => ({
      code: wallet,
      wallet,
      route: routeWallet(wallet, PHONE),
    })),
    ...(config.applePay.enabled
      ? [{ code: 'APPLEPAY', wallet: 'MPGS', route: routeApplePay(PHONE) }]
      : []),
    ...(config.googlePay.enabled
      ? [{ code: 'GOOGLEPAY', wallet: 'MPGS', route: routeGooglePay(PHONE) }]
      : []),
  ]
  return sales.map(({ code, wallet, route }) => {
    const payScene = code === 'APPLEPAY' ? settings.applePayScene : (route.pay_scene as string)
    const sale = { wallet, pay_scene: payScene, service: route.refundService }
    const refund = refundServiceFor(sale, settings)
    const source = configuredRefundService(sale, settings)
      ? 'EFTPAY_REFUND_SERVICES'
      : `${preset.name} default`
    return {
      id: `wallet.${code}`,
      status: 'skip',
      message: `${code}: not placed (${preset.name} has no test environment: a PreOrder is a real order); would send ${route.service} (${payScene}); refund service ${refund} (${source})`,
      details: { service: route.service, pay_scene: payScene, refund_service: refund },
    }
  })
}

/**
 * What no request without money can show. Warnings, not failures: each is for a person to see
 * with a first live order of HK$0.10 (paid, then refunded) before the shop opens.
 */
function firstLiveOrder(config: Config, preset: PlatformPreset): CheckLine[] {
  const prove = (id: string, what: string): CheckLine => ({
    id: `first-order.${id}`,
    status: 'warn',
    message: `to prove with a first live HK$0.10 order: ${what}`,
  })
  return [
    prove(
      'preorder',
      'eftPay takes the PreOrder (return_status 00) of each wallet above with the service and pay_scene shown, and the shopper can pay on its page',
    ),
    prove(
      'notify',
      `the notification reaches ${config.publicUrl}/v1/gateway/notify, verifies (the log line "notification signature verified" names the reading), and the text success stops eftPay's retries (no second delivery of it)`,
    ),
    prove(
      'return',
      `the shopper comes back to ${config.publicUrl}/v1/gateway/return/<session id> with the signed payload as ${preset.returnTransport === 'query' ? 'query parameters' : 'a form POST'}, and it verifies`,
    ),
    prove(
      'query',
      'a query of that order (GET /v1/sessions/<id> while it is pending, or the reconciler) answers signed and verifies: no one has yet confirmed that an OAPM query reply does',
    ),
    prove(
      'refund',
      `a refund of it (POST /v1/refunds) is taken with ${preset.refundService ?? 'the refund service above'} and ends refund.succeeded`,
    ),
  ]
}
