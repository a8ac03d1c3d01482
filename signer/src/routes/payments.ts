import { Hono } from 'hono'
import { paymentBody } from '../contract/requests.js'
import { assertWalletEnabled } from '../domain/enabled-wallets.js'
import { paymentJson } from '../domain/serialize.js'
import { assertClientSecret } from '../http/client-secret.js'
import { jsonBody } from '../http/validate.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import type { AppDeps, AppEnv } from './deps.js'
import { assertWalletTakesCurrency } from './wallet-currency.js'

/**
 * `POST /v1/sessions/:id/payments` (docs/api.md): start paying a session with a wallet. The
 * service owns idempotency: while a pending payment for the same session, wallet and route is
 * usable it answers that one again (200) instead of placing a second gateway order (201).
 */
export function paymentRoutes(deps: AppDeps, browser: BrowserGuards): Hono<AppEnv> {
  const { config, service } = deps
  const app = new Hono<AppEnv>()
  app.use('/:id/payments', browser.cors, browser.limit('payments'))
  return app.post('/:id/payments', async (c) => {
    const body = await jsonBody(c, paymentBody)
    const session = await service.findSession(c.req.param('id'))
    assertClientSecret(session, c.req.param('id'), body.client_secret)
    assertWalletEnabled(config, body.wallet, 'wallet')
    assertWalletTakesCurrency(body.wallet, session.currency, 'wallet')
    const { payment, created } = await service.startPayment({
      sessionId: session.id,
      wallet: body.wallet,
      device: body.device,
      ...(body.lang ? { lang: body.lang } : {}),
    })
    return c.json(paymentJson(payment), created ? 201 : 200)
  })
}
