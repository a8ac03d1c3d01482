import type { MiddlewareHandler } from 'hono'
import { NotFoundError, ValidationError } from '../errors.js'

/**
 * A NUL character cannot be stored in PostgreSQL text (SQLite takes it), so an id like `%00` in a
 * path reached the store and came back a 500 there. No id, secret or parameter of this API holds
 * one: a path with it names nothing (404) and a query value with it is refused (400, naming it),
 * before any handler or store sees them.
 */
const NUL = String.fromCharCode(0)

export function refuseNul(): MiddlewareHandler {
  return async function refuseNulMiddleware(c, next) {
    const url = new URL(c.req.url)
    if (decoded(url.pathname).includes(NUL))
      throw new NotFoundError({
        code: 'not_found',
        message: 'There is nothing at this address. See /openapi.json for the API.',
      })
    for (const [key, value] of url.searchParams) {
      if (key.includes(NUL) || value.includes(NUL)) {
        const name = key.split(NUL).join('') || 'query'
        throw new ValidationError({
          code: 'invalid_field',
          param: name,
          message: `${name} must not contain a NUL character. Fix it and send the request again.`,
        })
      }
    }
    await next()
  }
}

function decoded(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
