import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { BodyTooLargeError, MAX_BODY_BYTES } from '../errors.js'

/**
 * Request bodies over 64 kB are refused with 413 `body_too_large` (docs/api.md). A body with a `Content-Length` (and no `Transfer-Encoding`) is judged by that
 * header alone, as Hono's `bodyLimit` does, but without touching `c.req.raw.body`: on
 * @hono/node-server that property turns the lightweight request into a full `Request` with a web
 * stream over the socket, and every later read goes through it (a measurable share of each request's
 * CPU). Bodies without a length (chunked) go through Hono's `bodyLimit`, which counts the bytes as
 * they stream in.
 */
export function limitBody(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  // Thrown, so the app's one onError answers it like every other error.
  const tooLarge = (): never => {
    throw new BodyTooLargeError(maxBytes)
  }
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return async function limitBodyMiddleware(c, next) {
    const method = c.req.method
    // No body to limit (Hono's bodyLimit: `c.req.raw.body` is null for these).
    if (method === 'GET' || method === 'HEAD') return next()
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(length, 10) > maxBytes ? tooLarge() : next()
    }
    return streamed(c, next)
  }
}
