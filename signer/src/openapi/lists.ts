import { createRoute, type OpenAPIHono, z as zo } from '@hono/zod-openapi'
import type { z } from 'zod'
import * as lists from '../contract/lists.js'
import { payment, session } from '../contract/responses.js'
import * as q from '../routes/list-schemas.js'

/**
 * The OpenAPI entries of the merchant lists, reports and console actions (docs/api.md "Lists and
 * cursors" and after), registered by document.ts with its own helpers.
 */

export interface DocumentParts {
  json: <T extends z.ZodType>(schema: T) => { content: { 'application/json': { schema: T } } }
  // biome-ignore lint/suspicious/noExplicitAny: the error responses document.ts picks by status
  pick: (...statuses: (400 | 401 | 404 | 409 | 502 | 504)[]) => any
  bearer: { apiKey: never[] }[]
}

type OpenAPIRegistry = OpenAPIHono['openAPIRegistry']

export function registerListPaths(r: OpenAPIRegistry, { json, pick, bearer }: DocumentParts): void {
  const list = (path: string, summary: string, query: z.ZodType, schema: z.ZodType) =>
    r.registerPath(
      createRoute({
        method: 'get',
        path,
        summary,
        security: bearer,
        request: { query: query as never },
        responses: {
          200: { description: 'One page, newest first', ...json(schema) },
          ...pick(400, 401),
        },
      }),
    )
  list(
    '/v1/sessions',
    'Sessions with their payments and refunds, newest first: filters, search, cursor',
    q.sessionListQuery,
    lists.sessionList,
  )
  list(
    '/v1/payments',
    'Payments, newest first: filters, search, cursor',
    q.paymentListQuery,
    lists.paymentList,
  )
  list(
    '/v1/refunds',
    'Refunds, newest first: filters, search, cursor',
    q.refundListQuery,
    lists.refundList,
  )
  list(
    '/v1/events',
    'Webhook events with their delivery (attempts, last response code, next attempt), newest first',
    q.eventListQuery,
    lists.eventList,
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/events/{id}/resend',
      summary:
        'Send a webhook event again (the same event and id); a repeat while it waits adds no copy',
      security: bearer,
      request: { params: zo.object({ id: zo.string() }) },
      responses: {
        200: { description: 'The event, due now', ...json(lists.eventDelivery) },
        ...pick(400, 401, 404),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/sessions/{id}/expire',
      summary:
        'Expire an open session now (409 session_payment_in_flight while a payment is pending with eftPay)',
      security: bearer,
      request: { params: zo.object({ id: zo.string() }) },
      responses: {
        200: { description: 'The session, expired', ...json(session) },
        ...pick(400, 401, 404, 409),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/payments/{id}/refresh',
      summary: 'Ask eftPay about a payment again now; answers the payment as it is after',
      security: bearer,
      request: { params: zo.object({ id: zo.string() }) },
      responses: {
        200: { description: 'The payment', ...json(payment) },
        ...pick(400, 401, 404, 502, 504),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'post',
      path: '/v1/attention/resolve',
      summary:
        'Resolve a needs-attention flag after checking with eftPay: clears it, records who and why; never changes a status',
      security: bearer,
      request: { body: { required: true, ...json(q.resolveBody) } },
      responses: {
        200: { description: 'The resolution', ...json(lists.attentionResolution) },
        ...pick(400, 401, 404, 409),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/reports/transactions.csv',
      summary:
        'CSV of the payments and refunds created in a range of Hong Kong days, one row each, streamed',
      security: bearer,
      request: { query: q.reportQuery },
      responses: {
        200: {
          description: 'text/csv (RFC 4180)',
          content: { 'text/csv': { schema: zo.string() } },
        },
        ...pick(400, 401),
      },
    }),
  )
  r.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/reports/summary',
      summary: 'Succeeded money by Hong Kong day and wallet: gross, refunds, net',
      security: bearer,
      request: { query: q.reportQuery },
      responses: {
        200: { description: 'The summary', ...json(lists.reportSummary) },
        ...pick(400, 401),
      },
    }),
  )
}
