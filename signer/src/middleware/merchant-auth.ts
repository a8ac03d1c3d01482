import { secureCompare } from '@eftpay/webhooks'
import type { Context, MiddlewareHandler } from 'hono'
import { AuthenticationError } from '../errors.js'

/**
 * The merchant backend's bearer key (docs/api.md). Compared in constant time;
 * the key itself is never echoed or logged.
 */
export interface MerchantAuthOptions {
  apiKey: string
}

/** The bearer token of a request, or undefined when there is no `Authorization: Bearer` header. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization')
  if (!header) return undefined
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match?.[1]?.trim() ?? ''
}

/** True when the request carries the right API key; throws 401 when it carries a wrong one. */
export function checkApiKey(c: Context, apiKey: string): boolean {
  const token = bearerToken(c)
  if (token === undefined) return false
  if (!token || !secureCompare(token, apiKey)) {
    throw new AuthenticationError({
      code: 'invalid_api_key',
      message:
        'The API key is not valid. Send Authorization: Bearer <SIGNER_API_KEY> from your backend.',
    })
  }
  return true
}

/** Requires the merchant's API key: 401 `missing_api_key` or `invalid_api_key`. */
export function merchantAuth(options: MerchantAuthOptions): MiddlewareHandler {
  return async function merchantAuthMiddleware(c, next) {
    if (!checkApiKey(c, options.apiKey)) {
      throw new AuthenticationError({
        code: 'missing_api_key',
        message:
          'This endpoint needs the API key. Send Authorization: Bearer <SIGNER_API_KEY> from your backend (never from a browser).',
      })
    }
    await next()
  }
}
