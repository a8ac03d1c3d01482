import { Hono } from 'hono'
import { browserSessionBody, merchantSessionBody, sessionQuery } from '../contract/requests.js'
import { publicSessionJson, sessionJson } from '../domain/serialize.js'
import { AuthenticationError, NotFoundError, ValidationError } from '../errors.js'
import { assertClientSecret } from '../http/client-secret.js'
import { parseWith, queryParams, readJsonObject } from '../http/validate.js'
import type { BrowserGuards } from '../middleware/browser-guards.js'
import { originAllowed } from '../middleware/cors.js'
import { checkApiKey } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'
import { hostedUrl } from './hosted-pages.js'

/**
 * Checkout sessions (docs/api.md). `POST /v1/sessions` is two endpoints
 * in one: with the API key the merchant's backend sets the amount; without it a browser may only
 * name a catalog `sku` and `quantity`, and the signer prices it. Any amount from a browser is
 * refused, never ignored, so a tampered page fails loudly.
 */
export function sessionRoutes(deps: AppDeps, browser: BrowserGuards): Hono<AppEnv> {
  const { config, service, catalog } = deps
  const app = new Hono<AppEnv>()
  app.use('/', browser.cors, browser.limit('sessions'))
  app.use('/:id', browser.cors)

  app.post('/', async (c) => {
    const raw = await readJsonObject(c)
    if (checkApiKey(c, config.apiKey)) {
      const input = parseWith(merchantSessionBody, raw)
      const session = await service.createSession({
        amount: input.amount,
        currency: input.currency,
        subject: input.subject,
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.reference !== undefined ? { reference: input.reference } : {}),
        successUrl: input.success_url,
        cancelUrl: input.cancel_url,
        expiresIn: input.expires_in ?? config.sessionLifetimeSeconds,
      })
      const json = sessionJson({ session, payments: [], refunds: [] })
      // The hosted page's address (docs/api.md "Hosted checkout"); the secret rides in its fragment.
      if (input.hosted) return c.json({ ...json, url: hostedUrl(config.publicUrl, session) }, 201)
      return c.json(json, 201)
    }

    for (const field of ['amount', 'currency'] as const) {
      if (field in raw) {
        throw new ValidationError({
          code: 'amount_not_allowed',
          param: field,
          message: `A browser cannot set the ${field}. Send only sku and quantity (the signer prices them from its catalog), or create the session from your backend with the API key.`,
        })
      }
    }
    const input = parseWith(browserSessionBody, raw)
    const line = catalog.price(input.sku, input.quantity)
    const origin = c.req.header('origin')
    const fallback =
      origin && originAllowed(config.allowedOrigins, origin) ? `${origin}/` : undefined
    const successUrl = input.success_url ?? catalog.successUrl ?? fallback
    const cancelUrl = input.cancel_url ?? catalog.cancelUrl ?? fallback
    for (const [param, url, given] of [
      ['success_url', successUrl, input.success_url],
      ['cancel_url', cancelUrl, input.cancel_url],
    ] as const) {
      if (!url) {
        throw new ValidationError({
          code: 'missing_field',
          param,
          message: `${param} is required here: send it, on one of the signer's ALLOWED_ORIGINS.`,
        })
      }
      // The shopper is sent there afterwards: only the merchant's own origins (no open redirect).
      if (given !== undefined && !originAllowed(config.allowedOrigins, new URL(url).origin)) {
        throw new ValidationError({
          param,
          message: `${param} must be on one of the signer's ALLOWED_ORIGINS.`,
        })
      }
    }
    const session = await service.createSession({
      amount: line.amount,
      currency: line.currency,
      subject: line.subject,
      ...(line.body !== undefined ? { body: line.body } : {}),
      successUrl: successUrl as string,
      cancelUrl: cancelUrl as string,
      expiresIn: config.sessionLifetimeSeconds,
      sku: line.sku,
      quantity: line.quantity,
    })
    // Only this answer carries the client secret to a browser: it created the session.
    return c.json(
      publicSessionJson({ session, payments: [], refunds: [] }, { includeClientSecret: true }),
      201,
    )
  })

  app.get('/:id', browser.limit('session-read'), async (c) => {
    const id = c.req.param('id')
    const q = queryParams(c, sessionQuery)
    if (checkApiKey(c, config.apiKey)) {
      const found = await service.getSession(id)
      if (!found)
        throw new NotFoundError({
          code: 'session_not_found',
          param: 'id',
          message: `There is no session ${id.slice(0, 80)}. Check the id.`,
        })
      return c.json(sessionJson(found))
    }
    if (q.client_secret === undefined) {
      throw new AuthenticationError({
        code: 'missing_api_key',
        message:
          "Send ?client_secret=<the session's client secret> from a browser, or Authorization: Bearer <SIGNER_API_KEY> from your backend.",
      })
    }
    const found = await service.getSession(id)
    assertClientSecret(found?.session, id, q.client_secret)
    return c.json(publicSessionJson(found))
  })

  return app
}
