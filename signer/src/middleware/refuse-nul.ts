import type { MiddlewareHandler } from 'hono'
import { NotFoundError, ValidationError } from '../errors.js'

/**
 * A NUL character cannot be stored in PostgreSQL text (SQLite takes it), so an id like `%00` in a
 * path reached the store and came back a 500 there; so did a NUL inside a JSON string (a subject,
 * a return address, a refund reason). No id, secret, parameter or field of this API holds one: a
 * path with it names nothing (404), and a query value or a body field with it is refused (400,
 * naming it) before any handler or store sees them. Paths and queries are checked here, bodies
 * where every body is validated (`parseWith`, http/validate.ts, through `findNul`).
 */
const NUL = String.fromCharCode(0)

/** The 400 for a NUL in the named field (a NUL in the name itself is left out of it). */
export function nulError(field: string, unnamed: 'query' | 'body' = 'body'): ValidationError {
  const name = field.split(NUL).join('') || unnamed
  return new ValidationError({
    code: 'invalid_field',
    param: name,
    message: `${name} must not contain a NUL character. Fix it and send the request again.`,
  })
}

/**
 * The path of the first key or string value holding a NUL, anywhere in a parsed JSON value or
 * query, or undefined when there is none. Iterative, so a deep value cannot overflow the stack.
 */
export function findNul(value: unknown): string[] | undefined {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }]
  while (stack.length > 0) {
    const item = stack.pop() as { value: unknown; path: string[] }
    if (typeof item.value === 'string') {
      if (item.value.includes(NUL)) return item.path
      continue
    }
    if (typeof item.value !== 'object' || item.value === null) continue
    const entries = Array.isArray(item.value)
      ? item.value.map((child, index) => [String(index), child] as const)
      : Object.entries(item.value)
    // Reversed onto the stack, so the first field is looked at first.
    for (const [key, child] of entries.reverse()) {
      const path = [...item.path, key]
      if (key.includes(NUL)) return path
      stack.push({ value: child, path })
    }
  }
  return undefined
}

export function refuseNul(): MiddlewareHandler {
  return async function refuseNulMiddleware(c, next) {
    const url = new URL(c.req.url)
    if (decoded(url.pathname).includes(NUL))
      throw new NotFoundError({
        code: 'not_found',
        message: 'There is nothing at this address. See /openapi.json for the API.',
      })
    for (const [key, value] of url.searchParams) {
      if (key.includes(NUL) || value.includes(NUL)) throw nulError(key, 'query')
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
