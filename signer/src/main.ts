import { realpathSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type ServerType, serve } from '@hono/node-server'
import type { DestinationStream } from 'pino'
import demoCatalog from '../examples/catalog.json' with { type: 'json' }
import { createApp } from './app.js'
import {
  type AppleValidator,
  liveAppleValidator,
  sandboxAppleValidator,
} from './apple-pay/merchant-validation.js'
import {
  type Catalog,
  CatalogError,
  createCatalog,
  emptyCatalog,
  loadCatalogFile,
} from './catalog/catalog.js'
import { type Config, ConfigError, loadConfig } from './config.js'
import type { PaymentsOptions } from './domain/context.js'
import { createPaymentsService } from './domain/payments-service.js'
import { type ReconcilerHandle, startReconciler } from './domain/reconcile.js'
import type { PaymentsService } from './domain/types.js'
import { createGatewayClient } from './gateway/client.js'
import { createExchangeLog, type ExchangeLog } from './gateway/exchange-log.js'
import { type Clock, systemClock } from './gateway/hk-time.js'
import { createPooledFetch } from './gateway/pooled-fetch.js'
import { createSandbox, type Sandbox } from './gateway/sandbox/index.js'
import { sharedRateLimitStore } from './middleware/shared-rate-limit.js'
import {
  instrumentService,
  instrumentWebhookFetch,
  outboxBacklog,
} from './observability/instrument.js'
import { createLogger, type Logger, urlPassword } from './observability/logger.js'
import { createMetrics, type Metrics } from './observability/metrics.js'
import { announceWidget } from './routes/widget-assets.js'
import { releaseOrphanedLeases } from './store/claims.js'
import type { Db } from './store/db.js'
import { openDatabase } from './store/open.js'
import { startWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.js'

/**
 * The signer's entry point: the only file that reads the environment, listens and
 * handles SIGTERM/SIGINT. `startSigner` builds every dependency and serves `createApp`; tests and
 * the bundle use it too. `runMain` is what `eftpay-signer` and `node dist/signer.mjs` run.
 */

/** `eftpay-signer check` runs from the same bundle as the signer (bin/eftpay-signer.mjs). */
export { runCheckCli } from './check/cli.js'

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
  /** Stops accepting, drains requests, stops background loops, closes the store. */
  close(): Promise<void>
}

/** Builds everything from `options.env` and listens. Throws `ConfigError`/`CatalogError` on a bad setup. */
export async function startSigner(options: StartOptions): Promise<RunningSigner> {
  let config = loadConfig(options.env)
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
  const catalog = buildCatalog(config)
  const db = await openDatabase(config.databaseUrl)
  // A previous process on this SQLite file died mid-delivery: its webhooks are due again now.
  const orphanedLeases = await releaseOrphanedLeases(db)

  // Listen first: with PORT=0 the public URL (and so notify_url) depends on the port we get.
  let handler: ((request: Request, env: unknown) => Response | Promise<Response>) | undefined
  const { server, port } = await listen(config, (request, env) =>
    handler ? handler(request, env) : new Response('starting', { status: 503 }),
  )
  if (!options.env.PUBLIC_URL?.trim() && config.port === 0) {
    const publicUrl = `http://127.0.0.1:${port}`
    config = {
      ...config,
      port,
      publicUrl,
      gatewayUrl: config.mode === 'sandbox' ? `${publicUrl}/sandbox/VMP` : config.gatewayUrl,
    }
  }

  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? true })
  const exchangeLog: ExchangeLog | undefined =
    config.mode === 'sandbox' ? createExchangeLog(50, clock) : undefined
  const outboundFetch = options.fetch ?? fetch
  let appFetch: ((request: Request) => Response | Promise<Response>) | undefined
  // In sandbox mode the signer and its simulator are one process: calls to our own public URL
  // go straight to the app, so the sandbox works even where PUBLIC_URL is not reachable from inside.
  const loopbackFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init)
    if (appFetch && request.url.startsWith(`${config.publicUrl}/`))
      return Promise.resolve(appFetch(request))
    return outboundFetch(request)
  }

  const gateway = createGatewayClient({
    baseUrl: config.gatewayUrl,
    userKey: config.userKey,
    secret: config.secret,
    clock,
    settings: config.protocol,
    fetch: config.mode === 'sandbox' ? loopbackFetch : createPooledFetch(),
    onExchange: (exchange) => {
      metrics.observeExchange(exchange)
      exchangeLog?.record(exchange)
    },
  })

  const sandbox =
    config.mode === 'sandbox'
      ? createSandbox({
          userKey: config.userKey,
          secret: config.secret,
          clock,
          publicUrl: `${config.publicUrl}/sandbox`,
          merchantName: config.merchantName,
          fetch: loopbackFetch,
          ...(options.sandboxNotifyScheduleMs
            ? { notifyRetryScheduleMs: options.sandboxNotifyScheduleMs }
            : {}),
        })
      : undefined

  const service = instrumentService(
    createPaymentsService({
      db,
      gateway,
      clock,
      secret: [config.secret, ...config.previousSecrets],
      userKey: config.userKey,
      publicUrl: config.publicUrl,
      logger: logger.child({ component: 'payments' }),
      options: {
        defaultSessionTtlSeconds: config.sessionLifetimeSeconds,
        ...options.paymentsOptions,
      },
    }),
    metrics,
  )
  metrics.watchWebhookBacklog(outboxBacklog(db, clock))
  // Set on SIGTERM: /readyz answers 503 so the load balancer stops sending while requests drain.
  let draining = false

  const app = createApp({
    config,
    service,
    clock,
    logger,
    metrics,
    catalog,
    appleValidator: buildAppleValidator(config, clock),
    ...(sandbox ? { sandbox } : {}),
    ...(exchangeLog ? { exchangeLog } : {}),
    // Replicas on one PostgreSQL share their rate-limit buckets (middleware/shared-rate-limit.ts).
    ...(db.dialect === 'postgres' ? { rateLimitStore: sharedRateLimitStore(db, config) } : {}),
    readiness: async () => {
      if (draining) throw new Error('shutting down')
      await db.query('SELECT 1 AS ok')
    },
  })
  appFetch = (request) => app.fetch(request)
  handler = (request, env) => app.fetch(request, env)

  const reconciler: ReconcilerHandle = startReconciler({
    service,
    intervalMs: options.reconcileIntervalMs ?? 15_000,
    logger: logger.child({ component: 'reconciler' }),
  })
  const webhooks = startWebhookDispatcher({
    db,
    ...(config.webhook ? { url: config.webhook.url } : {}),
    secret: config.webhook?.secret ?? 'no-webhook-endpoint-configured',
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

  if (config.mode === 'sandbox') {
    logger.warn(
      { mode: 'sandbox', gateway: config.gatewayUrl },
      'SANDBOX MODE: no EFTPAY_GATEWAY_URL is set, payments go to the built-in eftPay simulator and no money moves',
    )
  }
  if (config.apiKeyIsDefault) {
    logger.warn(
      'SIGNER_API_KEY is not set: the documented sandbox key is in use. Set your own before anything real.',
    )
  }
  logger.info(
    { url: config.publicUrl, listen: `${config.host}:${port}`, mode: config.mode },
    'eftpay signer listening',
  )
  announceWidget({ config, logger })

  let closing: Promise<void> | undefined
  return {
    url: config.publicUrl,
    port,
    config,
    service,
    ...(sandbox ? { sandbox } : {}),
    db,
    logger,
    metrics,
    webhooks,
    close() {
      closing ??= (async () => {
        draining = true
        await new Promise<void>((resolve) => {
          const sockets = server as { closeIdleConnections?: () => void }
          // Idle keep-alive sockets would hold close() open; requests in flight still finish, and
          // their sockets are closed as soon as they fall idle (swept until the server has closed).
          const sweep = setInterval(() => sockets.closeIdleConnections?.(), 50)
          server.close(() => {
            clearInterval(sweep)
            resolve()
          })
          sockets.closeIdleConnections?.()
        })
        await reconciler.stop()
        await webhooks.stop()
        sandbox?.close()
        await db.close()
      })()
      return closing
    },
  }
}

function buildCatalog(config: Config): Catalog {
  if (config.catalogFile) return loadCatalogFile(config.catalogFile)
  if (config.mode === 'sandbox') return createCatalog(demoCatalog, 'the demo catalog')
  return emptyCatalog()
}

function buildAppleValidator(config: Config, clock: Clock): AppleValidator {
  const { applePay } = config
  if (
    config.mode === 'live' &&
    applePay.enabled &&
    applePay.cert &&
    applePay.key &&
    applePay.domain
  ) {
    return liveAppleValidator({
      merchantId: applePay.merchantId,
      displayName: config.merchantName,
      domain: applePay.domain,
      cert: applePay.cert,
      key: applePay.key,
    })
  }
  return sandboxAppleValidator({
    merchantId: applePay.merchantId,
    displayName: config.merchantName,
    ...(applePay.domain ? { domain: applePay.domain } : {}),
    clock,
  })
}

function listen(
  config: Config,
  fetchHandler: (request: Request, env: unknown) => Response | Promise<Response>,
): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: fetchHandler, port: config.port, hostname: config.host },
      (info: AddressInfo) => {
        resolve({ server, port: info.port })
      },
    )
    server.once('error', reject)
  })
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
  const shutdown = (signal: string) => {
    signer.logger.info({ signal }, 'shutting down: draining requests, stopping background work')
    const force = setTimeout(() => process.exit(1), 15_000)
    force.unref()
    signer
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1))
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
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
