import type { Hono } from 'hono'
import type { AppleValidator } from '../apple-pay/merchant-validation.js'
import type { Catalog } from '../catalog/catalog.js'
import type { Config } from '../config.js'
import type { PaymentsService } from '../domain/types.js'
import type { ExchangeLog } from '../gateway/exchange-log.js'
import type { Clock } from '../gateway/hk-time.js'
import type { RateLimitStore } from '../middleware/rate-limit.js'
import type { AppVariables } from '../middleware/request-context.js'
import type { Logger } from '../observability/logger.js'
import type { Metrics } from '../observability/metrics.js'

/** The sandbox as the app mounts it (gateway/sandbox/index.ts `createSandbox`). */
export interface MountableSandbox {
  app: Hono
}

/** Everything `createApp` needs; built by main.ts (or a test). Nothing here reads the environment. */
export interface AppDeps {
  config: Config
  service: PaymentsService
  clock: Clock
  logger: Logger
  metrics?: Metrics
  catalog: Catalog
  appleValidator: AppleValidator
  /** Mounted at `/sandbox` (sandbox mode only). */
  sandbox?: MountableSandbox
  /** The demo's "signed requests" panel (`GET /sandbox/exchanges`), sandbox mode only. */
  exchangeLog?: ExchangeLog
  /** Throws when the store is unreachable (`/readyz`). */
  readiness?: () => Promise<void>
  /** Shared rate-limit buckets (default: in memory, from `config.rateLimitPerMinute`). */
  rateLimitStore?: RateLimitStore
  /** Makes request ids (tests). */
  newRequestId?: () => string
}

/** The Hono environment of every sub-app. */
export type AppEnv = { Variables: AppVariables }
