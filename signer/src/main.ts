import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Sandbox } from '@eftpay/sandbox'
import type { DestinationStream } from 'pino'
import { createApp } from './app.js'
import { appleValidatorFor } from './apple-pay/merchant-validation.js'
import { CatalogError, catalogFor } from './catalog/catalog.js'
import { type Config, ConfigError, loadConfig, withBoundPort } from './config/index.js'
import { consolePortFor, type RunningConsole, startConsole } from './console/listener.js'
import { type Clock, systemClock } from './contract/clock.js'
import type { PaymentsOptions } from './domain/context.js'
import { createLinksService } from './domain/links.js'
import { createPaymentsService } from './domain/payments-service.js'
import { startReconciler } from './domain/reconcile.js'
import type { PaymentsService } from './domain/types.js'
import { createGatewayClient } from './gateway/client.js'
import { createPooledFetch } from './gateway/pooled-fetch.js'
import { sharedRateLimitStore } from './middleware/shared-rate-limit.js'
import {
  instrumentService,
  instrumentWebhookFetch,
  needsAttentionCounts,
  outboxBacklog,
} from './observability/instrument.js'
import { createLogger, type Logger, urlPassword } from './observability/logger.js'
import { createMetrics, type Metrics } from './observability/metrics.js'
import { announceWidget } from './routes/widget-assets.js'
import { sandboxMode } from './sandbox-mode.js'
import { bindServer, stopOnSignals } from './server.js'
import type { Db } from './store/db.js'
import { openDatabase } from './store/open.js'
import { startWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.js'
import { releaseOrphanedLeases } from './webhooks/outbox.js'

/**
 * The signer's composition root: the only file that reads the environment. In order: the
 * configuration, fully resolved (the socket is bound first, so `PORT=0` and the default public URL
 * are known); the dependencies; `createApp`; serving; the background jobs; shutdown. The sandbox is
 * attached through sandbox-mode.ts and the server's lifecycle lives in server.ts. `startSigner` is
 * what tests and the bundle use; `runMain` is what `eftpay-signer` and `node dist/signer.mjs` run.
 */

/** `eftpay-signer check` runs from the same bundle as the signer (bin/eftpay-signer.mjs). */
export { runCheckCli } from './check/cli.js'
/** `eftpay-signer console invite ...` (console/cli.ts). */
export { runConsoleCli } from './console/cli.js'

export interface StartOptions {
  /** The environment (main passes `process.env`). */
  env: Readonly<Record<string, string | undefined>>
  clock?: Clock
  /** Where log lines go (default stdout). */
  logDestination?: DestinationStream
  /** Outbound fetch for webhooks and the sandbox's notifications (tests). */
  fetch?: typeof fetch
  /** How often the reconciler runs (default 15 s). */
  reconcileIntervalMs?: number
  /** How often the webhook dispatcher looks for due events (default 1 s). */
  webhookIntervalMs?: number
  /** Cap of the webhook backoff (default 1 h). */
  webhookMaxBackoffMs?: number
  /** First webhook retry's ceiling (default 1 s). */
  webhookBaseBackoffMs?: number
  /** Overrides of the money core's timings. */
  paymentsOptions?: Partial<PaymentsOptions>
  /** The sandbox's notification retry schedule (tests shorten it). */
  sandboxNotifyScheduleMs?: number[]
  /** Process metrics (CPU, memory); default on. */
  defaultMetrics?: boolean
}

export interface RunningSigner {
  /** Base URL it answers at (the public URL). */
  url: string
  port: number
  config: Config
  service: PaymentsService
  sandbox?: Sandbox
  db: Db
  logger: Logger
  metrics: Metrics
  webhooks: WebhookDispatcher
  /** The merchant console on its own listener (console/listener.ts). */
  console: RunningConsole
  /** Stops accepting, drains requests, stops background loops, closes the store. */
  close(): Promise<void>
}

/** Builds everything from `options.env` and listens. Throws `ConfigError`/`CatalogError` on a bad setup. */
export async function startSigner(options: StartOptions): Promise<RunningSigner> {
  // 1. Configuration, fully resolved: the socket is bound before anything is built from it.
  const loaded = loadConfig(options.env)
  const catalog = catalogFor(loaded)
  const server = await bindServer(loaded)
  const config = withBoundPort(loaded, server.port)

  // 2. Dependencies.
  const clock = options.clock ?? systemClock
  const logger = createLogger({
    level: config.logLevel,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
    // Cut out of every line wherever they appear (observability/logger.ts).
    secrets: [
      config.secret,
      ...config.previousSecrets,
      config.apiKey,
      config.webhook?.secret,
      urlPassword(config.databaseUrl),
    ],
  })
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? true })
  const db = await openDatabase(config.databaseUrl).catch(async (error: unknown) => {
    await server.close()
    throw error
  })
  // A previous process on this database died mid-delivery: its webhooks are due again now.
  const orphanedLeases = await releaseOrphanedLeases(db)
  const outboundFetch = options.fetch ?? fetch
  const sandbox = sandboxMode(config, {
    clock,
    outboundFetch,
    ...(options.sandboxNotifyScheduleMs
      ? { notifyRetryScheduleMs: options.sandboxNotifyScheduleMs }
      : {}),
  })
  const gateway = createGatewayClient({
    baseUrl: config.gatewayUrl,
    userKey: config.userKey,
    secret: config.secret,
    clock,
    settings: config.protocol,
    // Sandbox mode: the simulator in this process; live: keep-alive connections to eftPay.
    fetch: sandbox.gatewayClient.fetch ?? createPooledFetch(),
    onExchange: (exchange) => {
      metrics.observeExchange(exchange)
      sandbox.recordExchange(exchange)
    },
  })
  const payments = createPaymentsService({
    db,
    gateway,
    clock,
    secret: [config.secret, ...config.previousSecrets],
    userKey: config.userKey,
    publicUrl: config.publicUrl,
    logger: logger.child({ component: 'payments' }),
    options: {
      defaultSessionTtlSeconds: config.sessionLifetimeSeconds,
      needsAttentionAfterHours: config.needsAttentionAfterHours,
      ...options.paymentsOptions,
    },
  })
  const service = instrumentService(payments, metrics)
  metrics.watchWebhookBacklog(outboxBacklog(db, clock))
  metrics.watchNeedsAttention(needsAttentionCounts(db))
  // Aborted on shutdown: /readyz answers 503 so the load balancer stops sending while requests drain.
  const draining = new AbortController()

  // 3. The app.
  const app = createApp({
    config,
    service,
    core: service.core,
    clock,
    logger,
    metrics,
    catalog,
    links: createLinksService(payments.core, catalog),
    appleValidator: appleValidatorFor(config, clock),
    ...(sandbox.routes ? { sandbox: sandbox.routes } : {}),
    // Replicas on one PostgreSQL share their rate-limit buckets (middleware/shared-rate-limit.ts).
    ...(db.dialect === 'postgres' ? { rateLimitStore: sharedRateLimitStore(db, config) } : {}),
    readiness: async () => {
      if (draining.signal.aborted) throw new Error('shutting down')
      await db.query('SELECT 1 AS ok')
    },
  })

  // In sandbox mode the gateway client's calls to our own URL loop back into this app.
  sandbox.attachApp(app.fetch)

  // 4. The merchant console on its own port, never the public one; then serve. The public socket
  // is already bound (connections wait), so nothing answers healthy before both are up.
  const merchantConsole = await startConsole({
    ...{ config, db, service, core: service.core, clock, logger },
    port: consolePortFor(loaded),
  }).catch(async (error: unknown) => {
    await server.close()
    await db.close()
    throw error
  })
  server.serve(app.fetch)

  // 5. Background jobs.
  const reconciler = startReconciler({
    service,
    intervalMs: options.reconcileIntervalMs ?? 15_000,
    logger: logger.child({ component: 'reconciler' }),
  })
  const webhooks = startWebhookDispatcher({
    db,
    // Without MERCHANT_WEBHOOK_URL nothing is signed, so there is no secret to give.
    ...(config.webhook ? { url: config.webhook.url } : {}),
    secret: config.webhook ? [config.webhook.secret] : [],
    clock,
    fetch: instrumentWebhookFetch(outboundFetch, metrics),
    logger: logger.child({ component: 'webhooks' }),
    intervalMs: options.webhookIntervalMs ?? 1_000,
    maxBackoffMs: options.webhookMaxBackoffMs ?? 3_600_000,
    ...(options.webhookBaseBackoffMs !== undefined
      ? { baseBackoffMs: options.webhookBaseBackoffMs }
      : {}),
  })
  if (orphanedLeases > 0) {
    logger.warn(
      { events: orphanedLeases },
      'webhook deliveries interrupted by the last stop: sending them again',
    )
    webhooks.flush().catch((error: unknown) => {
      logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'webhook pass failed',
      )
    })
  }

  sandbox.announce(logger)
  if (config.apiKeyIsDefault) {
    logger.warn(
      'SIGNER_API_KEY is not set: the documented sandbox key is in use. Set your own before anything real.',
    )
  }
  logger.info(
    { url: config.publicUrl, listen: `${config.host}:${config.port}`, mode: config.mode },
    'eftpay signer listening',
  )
  announceWidget({ config, logger })

  // 6. Shutdown, in the reverse order.
  let closing: Promise<void> | undefined
  return {
    url: config.publicUrl,
    port: config.port,
    config,
    service,
    ...(sandbox.sandbox ? { sandbox: sandbox.sandbox } : {}),
    db,
    logger,
    metrics,
    webhooks,
    console: merchantConsole,
    close() {
      closing ??= (async () => {
        draining.abort()
        await Promise.all([server.close(), merchantConsole.close()])
        await reconciler.stop()
        await webhooks.stop()
        sandbox.close()
        await db.close()
      })()
      return closing
    },
  }
}

/** Runs the signer from `process.env` until SIGTERM/SIGINT; exits 1 on a bad configuration. */
export async function runMain(): Promise<void> {
  let signer: RunningSigner
  try {
    signer = await startSigner({ env: process.env })
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CatalogError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
  stopOnSignals(signer.close, (signal) =>
    signer.logger.info({ signal }, 'shutting down: draining requests, stopping background work'),
  )
}

function isEntryPoint(): boolean {
  const entry = process.argv[1]
  if (!entry) return false
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
}

if (isEntryPoint()) {
  runMain().catch((error: unknown) => {
    process.stderr.write(
      `eftpay-signer failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exit(1)
  })
}
