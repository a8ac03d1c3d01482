import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../errors.js'

/** Request bodies over 64 kB are refused with 413 `body_too_large` (PRODUCT.md). */
export const MAX_BODY_BYTES = 64 * 1024

/**
 * The 64 kB limit. A body with a `Content-Length` (and no `Transfer-Encoding`) is judged by that
 * header alone, as Hono's `bodyLimit` does, but without touching `c.req.raw.body`: on
 * @hono/node-server that property turns the lightweight request into a full `Request` with a web
 * stream over the socket, and every later read goes through it (a measurable share of each request's
 * CPU). Bodies without a length (chunked) go through Hono's `bodyLimit`, which counts the bytes as
 * they stream in.
 */
export function limitBody(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  const tooLarge = (c: Context) => {
    const error = new ApiError({
      status: 413,
      type: 'invalid_request_error',
      code: 'body_too_large',
      message: `The body is larger than ${Math.round(maxBytes / 1024)} kB. Send a smaller request.`,
    })
    return c.json(error.toJSON(), 413)
  }
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return async function limitBodyMiddleware(c, next) {
    const method = c.req.method
    // No body to limit (Hono's bodyLimit: `c.req.raw.body` is null for these).
    if (method === 'GET' || method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > maxBytes ? tooLarge(c) : next()
    }
    return streamed(c, next)
  }
}
