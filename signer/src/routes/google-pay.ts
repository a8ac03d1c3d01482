import { Hono } from 'hono'
import { googlePayPaymentBody } from '../contract/requests.js'
import { assertWalletEnabled } from '../domain/enabled-wallets.js'
import { paymentJson } from '../domain/serialize.js'
import { assertClientSecret } from '../http/client-secret.js'
import { jsonBody } from '../http/validate.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import type { AppDeps, AppEnv } from './deps.js'
import { assertSessionOpen } from './token-route.js'
import { assertWalletTakesCurrency } from './wallet-currency.js'

/**
 * Google Pay through the signer (docs/api.md, docs/protocol.md "Google Pay"): the widget asks
 * Google for a token made for eftPay's MPGS gateway and posts it here; the signer places the token
 * payment once and answers with its status (succeeded, failed, or pending while eftPay processes).
 * The token is card data: it is passed on, never logged.
 */
export function googlePayRoutes(deps: AppDeps, browser: BrowserGuards): Hono<AppEnv> {
  const { config, service } = deps
  const app = new Hono<AppEnv>()
  app.use('/:id/google-pay/*', browser.cors, browser.limit('google-pay'))

  app.post('/:id/google-pay/payments', async (c) => {
    const body = await jsonBody(c, googlePayPaymentBody)
    const session = await service.findSession(c.req.param('id'))
    assertClientSecret(session, c.req.param('id'), body.client_secret)
    assertWalletEnabled(config, 'GOOGLEPAY', 'token')
    assertSessionOpen(session)
    assertWalletTakesCurrency('GOOGLEPAY', session.currency)
    const payment = await service.payWithGooglePay({
      sessionId: session.id,
      tokenId: body.token,
      device: body.device ?? { os: 'android', mobile: true, in_app: 'none' },
    })
    return c.json(paymentJson(payment), 201)
  })

  return app
}
