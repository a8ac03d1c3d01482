import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { ApiError } from '../errors.js'

/** Request bodies over 64 kB are refused with 413 `body_too_large` (PRODUCT.md). */
export const MAX_BODY_BYTES = 64 * 1024

export function limitBody(maxBytes = MAX_BODY_BYTES): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      const error = new ApiError({
        status: 413,
        type: 'invalid_request_error',
        code: 'body_too_large',
        message: `The body is larger than ${Math.round(maxBytes / 1024)} kB. Send a smaller request.`,
      })
      return c.json(error.toJSON(), 413)
    },
  })
}
