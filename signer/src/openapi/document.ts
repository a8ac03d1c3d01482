import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { attentionQuery } from '../contract/list-requests.js'
import { attentionPage } from '../contract/lists.js'
import * as s from '../contract/requests.js'
import * as out from '../contract/responses.js'
import { registerLinkPaths } from './links.js'
import { registerListPaths } from './lists.js'

/**
 * `GET /openapi.json`: OpenAPI 3.1 generated from the very zod objects the routes validate with
 * (`contract/requests.ts`) and the response contract (`contract/responses.ts`, whose named objects
 * become reusable `components.schemas`), so the document and the code cannot disagree. Only the
 * registry of an OpenAPIHono is used; the routes themselves are plain Hono sub-apps.
 */

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const error = (description: string) => ({ description, ...json(out.apiError) })
const errors = {
  400: error('Invalid input; `param` names the field'),
  401: error('Missing or wrong API key'),
  403: error('Wrong client secret or origin'),
  404: error('Not found'),
  409: error('State conflict'),
  413: error('Body over 64 kB'),
  429: error('Rate limited; see Retry-After'),
  502: error('The gateway failed'),
  504: error('The gateway timed out'),
}
const pick = <K extends keyof typeof errors>(...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, errors[k]])) as Pick<typeof errors, K>
const idParam = z.object({ id: z.string() })
const bearer = [{ apiKey: [] }]

export interface OpenApiInfo {
  version: string
  serverUrl: string
}

export function buildOpenApiDocument(info: OpenApiInfo): Record<string, unknown> {
  const api = new OpenAPIHono()
  const r = api.openAPIRegistry
  r.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'SIGNER_API_KEY',
  })

  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/config',
      summary:
        'What the widget needs: mode, wallets for the device, Apple Pay, Google Pay, languages',
      request: { query: s.configQuery },
      responses: {
        200: { description: 'Configuration', ...json(out.widgetConfig) },
        ...pick(400, 403, 429),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/sessions',
      summary:
        'Create a session: from the backend with the API key (amount), or from a browser (sku, quantity)',
      security: [...bearer, {}],
      request: {
        body: { required: true, ...json(z.union([s.merchantSessionBody, s.browserSessionBody])) },
      },
      responses: {
        201: {
          description:
            'The session (merchant view with the API key, else public view with client_secret)',
          ...json(z.union([out.session, out.publicSession])),
        },
        ...pick(400, 401, 403, 413, 429),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/sessions/{id}',
      summary: 'A session: merchant view with the API key, public view with ?client_secret=',
      security: [...bearer, {}],
      request: { params: idParam, query: s.sessionQuery },
      responses: {
        200: { description: 'The session', ...json(z.union([out.session, out.publicSession])) },
        ...pick(400, 401, 403, 404, 429),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/sessions/{id}/payments',
      summary: 'Start (or get again) a payment of the session with a wallet',
      request: { params: idParam, body: { required: true, ...json(s.paymentBody) } },
      responses: {
        200: { description: 'The still pending payment, answered again', ...json(out.payment) },
        201: { description: 'A new payment with next_action', ...json(out.payment) },
        ...pick(400, 403, 409, 413, 429, 502, 504),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/sessions/{id}/apple-pay/validate',
      summary: "Apple Pay merchant validation (only Apple's hosts)",
      request: { params: idParam, body: { required: true, ...json(s.applePayValidateBody) } },
      responses: {
        200: {
          description: "Apple's merchant session, as is",
          ...json(z.record(z.string(), z.unknown())),
        },
        ...pick(400, 403, 429, 502, 504),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/sessions/{id}/apple-pay/payments',
      summary:
        'Pay with an Apple Pay token; answers succeeded, failed, or pending when eftPay gave no final answer',
      request: { params: idParam, body: { required: true, ...json(s.applePayPaymentBody) } },
      responses: {
        201: {
          description:
            'The payment: succeeded, failed, or pending when eftPay gave no final answer',
          ...json(out.payment),
        },
        ...pick(400, 403, 409, 413, 429, 502, 504),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/sessions/{id}/google-pay/payments',
      summary:
        'Pay with a Google Pay token; answers succeeded, failed, or pending while eftPay processes',
      request: { params: idParam, body: { required: true, ...json(s.googlePayPaymentBody) } },
      responses: {
        201: { description: 'The payment: succeeded, failed or pending', ...json(out.payment) },
        ...pick(400, 403, 404, 409, 413, 429, 502, 504),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/refunds',
      summary: 'Refund a payment or a session, fully or partly',
      security: bearer,
      request: { body: { required: true, ...json(s.refundBody) } },
      responses: {
        201: { description: 'The refund', ...json(out.refund) },
        ...pick(400, 401, 404, 409, 413, 502, 504),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/refunds/{id}',
      summary: 'A refund, refreshed from the gateway while pending',
      security: bearer,
      request: { params: idParam },
      responses: { 200: { description: 'The refund', ...json(out.refund) }, ...pick(401, 404) },
    }),
  )
  registerListPaths(r, { json, pick, bearer })
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/attention',
      summary:
        'Payments and refunds with no final answer from eftPay past NEEDS_ATTENTION_AFTER_HOURS, for a person to check',
      security: bearer,
      request: { query: attentionQuery },
      responses: {
        200: { description: 'The flagged payments and refunds', ...json(attentionPage) },
        ...pick(400, 401),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/gateway/notify',
      summary: "eftPay's asynchronous notification (notify_url); answered with a signed ack",
      responses: {
        200: { description: 'Stored and acknowledged' },
        400: { description: 'Refused (bad signature or fields)' },
      },
    }),
  )
  for (const method of ['get', 'post'] as const) {
    r.registerPath(
      createRoute({
        method,
        path: '/v1/gateway/return/{session_id}',
        summary:
          "eftPay's return_url: forwards the shopper to success_url or cancel_url with session_id",
        request: { params: z.object({ session_id: z.string() }) },
        responses: { 303: { description: 'Redirect to the merchant page' }, ...pick(404) },
      }),
    )
  }
  registerLinkPaths(r)
  for (const path of ['/healthz', '/readyz', '/metrics']) {
    r.registerPath(createRoute({ method: 'get', path, responses: { 200: { description: 'OK' } } }))
  }

  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'eftPay signer',
      version: info.version,
      description:
        "The merchant's own eftPay signer: sessions, payments, refunds, gateway callbacks (docs/api.md).",
    },
    servers: [{ url: info.serverUrl }],
  }) as unknown as Record<string, unknown>
}
