import type { Context, MiddlewareHandler } from 'hono'
import type { Clock } from '../contract/clock.js'
import { ApiError } from '../errors.js'

/**
 * Token-bucket rate limits for the browser endpoints, per client IP and route group. The store is
 * an interface: one signer keeps buckets in memory and forgets idle ones; several signers on one
 * PostgreSQL share theirs in the database (shared-rate-limit.ts), so a limit holds across replicas.
 */
export interface RateLimitStore {
  /** Takes one token from the bucket `key`; says whether it was there and when the next one is. */
  take(key: string, now: number): TakeResult | Promise<TakeResult>
}

export interface TakeResult {
  allowed: boolean
  retryAfterMs: number
}

/**
 * One bucket's arithmetic, shared by the in-memory and the store-backed buckets: refill for the
 * time elapsed, then take a token if there is one.
 */
export function takeToken(
  bucket: { tokens: number; at: number },
  now: number,
  options: TokenBucketOptions,
): { bucket: { tokens: number; at: number }; result: TakeResult } {
  const elapsed = Math.max(0, now - bucket.at) / 1000
  const tokens = Math.min(options.capacity, bucket.tokens + elapsed * options.refillPerSecond)
  const at = Math.max(now, bucket.at)
  if (tokens >= 1)
    return { bucket: { tokens: tokens - 1, at }, result: { allowed: true, retryAfterMs: 0 } }
  return {
    bucket: { tokens, at },
    result: {
      allowed: false,
      retryAfterMs: Math.ceil(((1 - tokens) / options.refillPerSecond) * 1000),
    },
  }
}

export interface TokenBucketOptions {
  /** Bucket size: how many requests may come at once. */
  capacity: number
  /** Tokens added per second. */
  refillPerSecond: number
  /** Buckets kept before the idle ones are dropped. */
  maxKeys?: number
}

/** An in-memory token bucket store. */
export function memoryTokenBuckets(options: TokenBucketOptions): {
  take(key: string, now: number): TakeResult
} {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const maxKeys = options.maxKeys ?? 10_000
  return {
    take(key, now) {
      let bucket = buckets.get(key)
      if (!bucket) {
        if (buckets.size >= maxKeys) prune(now)
        bucket = { tokens: options.capacity, at: now }
        buckets.set(key, bucket)
      }
      const taken = takeToken(bucket, now, options)
      buckets.set(key, taken.bucket)
      return taken.result
    },
  }

  function prune(now: number) {
    const full = options.capacity / options.refillPerSecond
    for (const [key, bucket] of buckets) {
      if ((now - bucket.at) / 1000 >= full) buckets.delete(key)
    }
    // Everyone active: drop the oldest rather than grow without bound.
    if (buckets.size >= maxKeys) {
      const oldest = buckets.keys().next().value
      if (oldest !== undefined) buckets.delete(oldest)
    }
  }
}

export interface RateLimitOptions {
  store: RateLimitStore
  /** The route group the bucket is for (`config`, `sessions`, `payments`, ...). */
  group: string
  clock: Clock
  /** The client's IP (see `clientIp`). */
  keyOf: (c: Context) => string
  /** Requests that are not limited (the merchant backend with its API key). */
  skip?: (c: Context) => boolean
}

/** 429 `rate_limited` with `Retry-After` in seconds when the bucket is empty. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  return async function rateLimitMiddleware(c, next) {
    if (c.req.method === 'OPTIONS' || options.skip?.(c)) return next()
    const { allowed, retryAfterMs } = await options.store.take(
      `${options.group}:${options.keyOf(c)}`,
      options.clock().getTime(),
    )
    if (!allowed) {
      const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
      c.header('Retry-After', String(seconds))
      throw new ApiError({
        status: 429,
        type: 'rate_limit_error',
        code: 'rate_limited',
        retryable: true,
        message: `Too many requests from this address. Wait ${seconds} s and try again.`,
      })
    }
    await next()
  }
}

/**
 * The client IP, as `proxy-addr` finds it with a hop count: the chain is the socket's address
 * followed by the `X-Forwarded-For` hops from right to left; with `trustedHops` proxies of the
 * merchant's own in front, the client is the entry that many steps along it. Proxies append to the
 * header, so everything further left is whatever the client sent and must never be believed
 * (taking the leftmost hop would let any shopper choose its own bucket). Without a socket (tests
 * calling `app.request`) the chain starts at `local`.
 */
export function clientIp(c: Context, trustedHops: number | boolean): string {
  const hops = trustedHops === true ? 1 : trustedHops === false ? 0 : trustedHops
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  const socket = env?.incoming?.socket?.remoteAddress ?? 'local'
  if (hops <= 0) return socket
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop.length > 0)
  const chain = [socket, ...forwarded.reverse()]
  // Fewer hops than trusted proxies: the leftmost address is the best there is.
  return chain[Math.min(hops, chain.length - 1)] as string
}
