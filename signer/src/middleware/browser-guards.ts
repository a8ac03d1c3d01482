import { secureCompare } from '@eftpay/webhooks'
import type { MiddlewareHandler } from 'hono'
import type { Config } from '../config/index.js'
import type { Clock } from '../contract/clock.js'
import { browserCors } from './cors.js'
import { bearerToken } from './merchant-auth.js'
import { clientIp, memoryTokenBuckets, type RateLimitStore, rateLimit } from './rate-limit.js'

/**
 * What every browser endpoint is guarded by, built once per app and attached by each routes
 * sub-app to its own paths: the origin check with CORS (ALLOWED_ORIGINS only), and a per-client-IP
 * rate limit per route group sharing one set of buckets.
 */
export interface BrowserGuards {
  cors: MiddlewareHandler
  /** The rate limit of one route group (its own bucket per client IP). */
  limit(group: string): MiddlewareHandler
}

export function browserGuards(options: {
  config: Pick<
    Config,
    | 'allowedOrigins'
    | 'publicUrl'
    | 'rateLimitPerMinute'
    | 'trustProxy'
    | 'trustProxyHops'
    | 'apiKey'
  >
  clock: Clock
  /** Shared buckets (default: in memory, `rateLimitPerMinute` per client IP and group). */
  store?: RateLimitStore
}): BrowserGuards {
  const { config, clock } = options
  const perMinute = config.rateLimitPerMinute
  const store =
    options.store ?? memoryTokenBuckets({ capacity: perMinute, refillPerSecond: perMinute / 60 })
  return {
    // The signer's own pages (hosted checkout, payment links) call it from its own origin.
    cors: browserCors({
      allowedOrigins: [...config.allowedOrigins, new URL(config.publicUrl).origin],
    }),
    limit: (group) =>
      rateLimit({
        store,
        group,
        clock,
        keyOf: (c) => clientIp(c, config.trustProxy ? (config.trustProxyHops ?? 1) : 0),
        // The merchant's backend (it sends the right API key) is not a browser. Any other bearer
        // token is limited like a browser: a made-up header must not lift the limit.
        skip: (c) => {
          const token = bearerToken(c)
          return token !== undefined && secureCompare(token, config.apiKey)
        },
      }),
  }
}
