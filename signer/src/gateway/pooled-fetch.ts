import { Pool } from 'undici'

/**
 * A `fetch`-compatible function for the gateway client (its `fetch` option) that sends through an
 * undici `Pool` per origin with keep-alive connections, instead of the global `fetch`.
 *
 * Why: the global `fetch` wraps every request and reply in WHATWG web streams, and the profile of
 * a payment start put about a fifth of the signer's CPU there (bench/README.md). `Pool.request`
 * reads the reply on plain Node streams and reuses warm sockets; only the small `Response` handed
 * back is built from the finished text, so the client code (status, `text()`, timeouts) is the same
 * for both.
 *
 * What it covers is what the gateway client sends: a URL or string, a method, plain-object or
 * `Headers` headers, a string body and an `AbortSignal` (`AbortSignal.timeout` still rejects with
 * the `TimeoutError` the client reports as a timeout). Anything else (a `Request` object, a stream
 * body) goes to the global `fetch`, so the function stays a faithful `fetch` for any caller.
 */

export interface PooledFetchOptions {
  /** Sockets per origin; beyond it requests queue in the pool (the gateway is one origin). */
  connections?: number
  /** How long an idle socket is kept open for the next request. */
  keepAliveTimeoutMs?: number
}

export type PooledFetch = typeof fetch & {
  /** Closes every pool (waits for requests in flight). */
  close(): Promise<void>
}

export function createPooledFetch(options: PooledFetchOptions = {}): PooledFetch {
  const pools = new Map<string, Pool>()
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin)
    if (!pool) {
      pool = new Pool(origin, {
        connections: options.connections ?? 64,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      })
      pools.set(origin, pool)
    }
    return pool
  }

  const pooled = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body
    if (
      input instanceof Request ||
      (body !== undefined && body !== null && typeof body !== 'string')
    )
      return fetch(input, init)
    const url = typeof input === 'string' ? new URL(input) : input
    const reply = await poolFor(url.origin).request({
      path: `${url.pathname}${url.search}`,
      method: (init?.method ?? 'GET') as 'GET',
      headers: plainHeaders(init?.headers),
      body: body ?? null,
      signal: init?.signal ?? null,
    })
    const text = await reply.body.text()
    const noBody = reply.statusCode === 204 || reply.statusCode === 304
    const response = new Response(noBody ? null : text, {
      status: reply.statusCode,
      headers: responseHeaders(reply.headers),
    })
    if (!noBody) readAhead.set(response, text)
    return response
  }
  return Object.assign(pooled as typeof fetch, {
    async close() {
      const all = [...pools.values()]
      pools.clear()
      await Promise.all(all.map((pool) => pool.close()))
    },
  })
}

/** The text of each pooled reply, already read, until `responseText` takes it. */
const readAhead = new WeakMap<Response, string>()

/**
 * A reply's body as text: for a reply from a pooled fetch, the text it has already read, without
 * turning its `Response` into a web stream and reading that back (in the signer, @hono/node-server's
 * lightweight `Response` builds the full one on the first body access: ~5 % of a payment start's
 * CPU, bench/README.md); for any other `Response`, `text()`. Once only, like `text()`.
 */
export function responseText(response: Response): Promise<string> {
  const text = readAhead.get(response)
  if (text === undefined) return response.text()
  readAhead.delete(response)
  return Promise.resolve(text)
}

/** `RequestInit.headers` as the plain object undici takes (no copy for the common plain object). */
function plainHeaders(headers: RequestInit['headers']): Record<string, string> | undefined {
  if (headers === undefined) return undefined
  if (headers instanceof Headers || Array.isArray(headers))
    return Object.fromEntries(new Headers(headers))
  return headers as Record<string, string>
}

/**
 * undici's reply headers for a `Response`: the plain object as it is when every value is one string
 * (the lightweight `Response` keeps it and builds `Headers` only if asked), else a `Headers` with
 * repeated headers appended.
 */
function responseHeaders(
  raw: Record<string, string | string[] | undefined>,
): Headers | Record<string, string> {
  let plain = true
  for (const name in raw) if (typeof raw[name] !== 'string') plain = false
  if (plain) return raw as Record<string, string>
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const one of value) headers.append(name, one)
    else headers.append(name, value)
  }
  return headers
}
