import { Hono } from 'hono'
import { assertAppleValidationUrl } from '../apple-pay/merchant-validation.js'
import { applePayPaymentBody, applePayValidateBody } from '../contract/requests.js'
import { assertWalletEnabled } from '../domain/enabled-wallets.js'
import { paymentJson } from '../domain/serialize.js'
import { assertClientSecret } from '../http/client-secret.js'
import { jsonBody } from '../http/validate.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import type { AppDeps, AppEnv } from './deps.js'
import { assertSessionOpen } from './token-route.js'
import { assertWalletTakesCurrency } from './wallet-currency.js'

/**
 * Apple Pay through the signer (docs/api.md, docs/protocol.md): merchant validation
 * with the merchant identity certificate, only ever to Apple's hosts, and the token payment,
 * answered synchronously with the final status so the sheet can close. The token is card data:
 * it is passed on, never logged.
 */
export function applePayRoutes(deps: AppDeps, browser: BrowserGuards): Hono<AppEnv> {
  const { config, service, appleValidator } = deps
  const app = new Hono<AppEnv>()
  app.use('/:id/apple-pay/*', browser.cors, browser.limit('apple-pay'))

  const assertEnabled = (param: string) => assertWalletEnabled(config, 'APPLEPAY', param)

  app.post('/:id/apple-pay/validate', async (c) => {
    const body = await jsonBody(c, applePayValidateBody)
    const session = await service.findSession(c.req.param('id'))
    assertClientSecret(session, c.req.param('id'), body.client_secret)
    assertEnabled('validation_url')
    // Refused before the sheet asks the shopper to authorise a payment that would be refused.
    assertWalletTakesCurrency('APPLEPAY', session.currency)
    // Checked here as well as in the validator: nothing leaves the signer for a foreign host.
    assertAppleValidationUrl(body.validation_url)
    return c.json(await appleValidator.validate(body.validation_url))
  })

  app.post('/:id/apple-pay/payments', async (c) => {
    const body = await jsonBody(c, applePayPaymentBody)
    const session = await service.findSession(c.req.param('id'))
    assertClientSecret(session, c.req.param('id'), body.client_secret)
    assertEnabled('token')
    assertSessionOpen(session)
    assertWalletTakesCurrency('APPLEPAY', session.currency)
    const payment = await service.payWithApplePay({
      sessionId: session.id,
      // Assumed from eftPay's Apple Pay page (docs/protocol.md): token_id is the JSON of paymentData.
      tokenId: JSON.stringify(body.token),
      device: body.device ?? { os: 'ios', mobile: true, in_app: 'none' },
    })
    return c.json(paymentJson(payment), 201)
  })

  return app
}
