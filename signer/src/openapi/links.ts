import { createRoute, type OpenAPIHono } from '@hono/zod-openapi'
import { z } from 'zod'
import { createLinkBody, paymentLink, paymentLinkList, updateLinkBody } from '../contract/links.js'
import { apiError } from '../contract/responses.js'

/**
 * The OpenAPI entries of payment links and the signer's own pages (docs/api.md "Payment links",
 * "Hosted checkout"), registered by document.ts.
 */

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } })
const error = (description: string) => ({ description, ...json(apiError) })
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() } },
})
const idParam = z.object({ id: z.string() })
const bearer = [{ apiKey: [] }]

export function registerLinkPaths(r: OpenAPIHono['openAPIRegistry']): void {
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/links',
      summary: 'Create a payment link: a fixed amount, catalog items, or a customer-chosen amount',
      security: bearer,
      request: { body: { required: true, ...json(createLinkBody) } },
      responses: {
        201: { description: 'The payment link', ...json(paymentLink) },
        400: error('Invalid input; `param` names the field'),
        401: error('Missing or wrong API key'),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/links',
      summary: 'The newest 100 payment links',
      security: bearer,
      responses: {
        200: { description: 'Payment links, newest first', ...json(paymentLinkList) },
        401: error('Missing or wrong API key'),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/links/{id}',
      summary: 'A payment link, with the places of its limit taken',
      security: bearer,
      request: { params: idParam },
      responses: {
        200: { description: 'The payment link', ...json(paymentLink) },
        401: error('Missing or wrong API key'),
        404: error('No such link'),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/links/{id}',
      summary: 'Update a payment link: deactivate it, its expiry, limit, subject, after payment',
      security: bearer,
      request: { params: idParam, body: { required: true, ...json(updateLinkBody) } },
      responses: {
        200: { description: 'The payment link', ...json(paymentLink) },
        400: error('Invalid input; `param` names the field'),
        401: error('Missing or wrong API key'),
        404: error('No such link'),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/pay/{session_id}',
      summary: 'The hosted checkout page (the client secret travels in the URL fragment)',
      request: { params: z.object({ session_id: z.string() }) },
      responses: { 200: html('The page'), 404: html('No such session') },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/l/{id}',
      summary: "A payment link's page; opening it creates nothing",
      request: { params: idParam },
      responses: {
        200: html('The page'),
        404: html('No such link'),
        409: html('Sold out'),
        410: html('Deactivated or expired'),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/l/{id}',
      summary: 'The shopper chooses to pay: creates the session, 303 to its hosted checkout',
      request: { params: idParam },
      responses: {
        303: { description: 'To the hosted checkout' },
        400: html('The choice refused (amount or quantity), the field named'),
        409: html('Sold out'),
        410: html('Deactivated or expired'),
      },
    }),
  )
}
