import { Hono } from 'hono'
import type { Config } from '../config/index.js'
import { configQuery } from '../contract/requests.js'
import type { ConfigJson } from '../contract/responses.js'
import type { Device } from '../contract/vocabulary.js'
import { enabledWallets } from '../domain/enabled-wallets.js'
import { WALLET_CURRENCIES } from '../gateway/wallet-currencies.js'
import { queryParams } from '../http/validate.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import type { AppDeps, AppEnv } from './deps.js'

/** What the widget's Google Pay payment data request needs (docs/api.md "Browser endpoints"). */
function googlePayJson(config: Config): NonNullable<ConfigJson['google_pay']> {
  const g = config.googlePay
  if (!g.enabled) return { enabled: false, gateway: 'mpgs' }
  return {
    enabled: true,
    // Google's TEST environment answers with dummy tokens, which is what the sandbox takes.
    environment: config.mode === 'sandbox' ? 'TEST' : 'PRODUCTION',
    ...(g.merchantId ? { merchant_id: g.merchantId } : {}),
    merchant_name: config.merchantName,
    gateway: 'mpgs',
    gateway_merchant_id: g.gatewayMerchantId,
    allowed_card_networks: [...g.cardNetworks],
    allowed_auth_methods: [...g.authMethods],
  }
}

/**
 * `GET /v1/config`: what the widget needs before it draws (docs/api.md "Browser endpoints"). With
 * the device in the query, the wallet list keeps only what the routing table can pay there; each
 * offered wallet's currencies are listed so the widget can offer a session only those that fit.
 */
export function configRoutes(deps: AppDeps, browser: BrowserGuards): Hono<AppEnv> {
  const { config } = deps
  const app = new Hono<AppEnv>()
  app.use('/', browser.cors, browser.limit('config'))
  return app.get('/', (c) => {
    const q = queryParams(c, configQuery)
    const device: Device | undefined =
      q.os !== undefined || q.mobile !== undefined || q.in_app !== undefined
        ? { os: q.os ?? 'others', mobile: q.mobile === 'true', in_app: q.in_app ?? 'none' }
        : undefined
    const { wallets, offered } = enabledWallets(config, device)
    const applePay = config.applePay.enabled
      ? {
          enabled: true,
          merchant_identifier: config.applePay.merchantId,
          country_code: 'HK',
          supported_networks: ['visa', 'masterCard', 'amex'],
          merchant_capabilities: ['supports3DS'],
        }
      : { enabled: false }
    const body: ConfigJson = {
      mode: config.mode,
      merchant_name: config.merchantName,
      wallets,
      apple_pay: applePay,
      google_pay: googlePayJson(config),
      languages: ['en', 'zh-HK', 'zh-CN'],
      // Not filtered by any session: the widget asks for config and session at once.
      wallet_currencies: Object.fromEntries(offered.map((w) => [w, [...WALLET_CURRENCIES[w]]])),
    }
    return c.json(body)
  })
}
