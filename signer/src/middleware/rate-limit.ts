import type { Context, MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.js'
import type { Clock } from '../gateway/hk-time.js'

/**
 * Token-bucket rate limits for the browser endpoints, per client IP and route group. The store is
 * an interface so a deployment with several signers can swap in a shared one; the
 * default keeps buckets in memory and forgets idle ones.
 */
export interface RateLimitStore {
  /** Takes one token from the bucket `key`; says whether it was there and when the next one is. */
  take(key: string, now: number): { allowed: boolean; retryAfterMs: number }
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
export function memoryTokenBuckets(options: TokenBucketOptions): RateLimitStore {
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
      const elapsed = Math.max(0, now - bucket.at) / 1000
      bucket.tokens = Math.min(options.capacity, bucket.tokens + elapsed * options.refillPerSecond)
      bucket.at = now
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return { allowed: true, retryAfterMs: 0 }
      }
      return {
        allowed: false,
        retryAfterMs: Math.ceil(((1 - bucket.tokens) / options.refillPerSecond) * 1000),
      }
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
    const { allowed, retryAfterMs } = options.store.take(
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
 * The client IP: the socket's address, or the first `X-Forwarded-For` hop when the signer runs
 * behind a proxy the merchant controls (`TRUST_PROXY`). Without a socket (tests calling
 * `app.request`) everyone shares one bucket, `local`.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? 'local'
}
