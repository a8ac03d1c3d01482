import type { Hono } from 'hono'
import type { AppleValidator } from '../apple-pay/merchant-validation.js'
import type { Catalog } from '../catalog/catalog.js'
import type { Config } from '../config/index.js'
import type { Clock } from '../contract/clock.js'
import type { Core } from '../domain/context.js'
import type { LinksService } from '../domain/links.js'
import type { PaymentsService } from '../domain/types.js'
import type { RateLimitStore } from '../middleware/rate-limit.js'
import type { AppVariables } from '../middleware/request-context.js'
import type { Logger } from '../observability/logger.js'
import type { Metrics } from '../observability/metrics.js'

/** What the app mounts at `/sandbox` (sandbox-mode.ts). */
export interface MountableSandbox {
  app: Hono
}

/** Everything `createApp` needs; built by main.ts (or a test). Nothing here reads the environment. */
export interface AppDeps {
  config: Config
  service: PaymentsService
  /**
   * The money core behind `service`, for the merchant lists, reports and console actions
   * (domain/listing.ts and its neighbours take it or its store). Without it those routes are not
   * mounted (tests of the HTTP layer with a fake service).
   */
  core?: Core
  clock: Clock
  logger: Logger
  metrics?: Metrics
  catalog: Catalog
  appleValidator: AppleValidator
  /** The simulator and the demo's panel, mounted at `/sandbox` (sandbox mode only). */
  sandbox?: MountableSandbox
  /** Throws when the store is unreachable (`/readyz`). */
  readiness?: () => Promise<void>
  /** Shared rate-limit buckets (default: in memory, from `config.rateLimitPerMinute`). */
  rateLimitStore?: RateLimitStore
  /** Payment links (domain/links.ts); without it `/v1/links` and `/l/` are not mounted. */
  links?: LinksService
  /** Makes request ids (tests). */
  newRequestId?: () => string
}

/** The Hono environment of every sub-app. */
export type AppEnv = { Variables: AppVariables }
