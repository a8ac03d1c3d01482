import { createSandbox, type Sandbox } from '@eftpay/sandbox'
import { Hono } from 'hono'
import { type Config, DEFAULT_SANDBOX_ORIGINS } from './config/index.js'
import type { Clock } from './contract/clock.js'
import { createExchangeLog, exchangeLogRoutes } from './gateway/exchange-log.js'
import type { GatewayExchange } from './gateway/transport.js'
import { browserCors } from './middleware/cors.js'
import type { Logger } from './observability/logger.js'

/**
 * The one seam between the signer and its built-in simulator. In sandbox mode (no
 * `EFTPAY_GATEWAY_URL`) the signer and the simulator are one process: the gateway client's calls
 * and the simulator's notifications to our own public URL go straight to the app (so the sandbox
 * works even where PUBLIC_URL is not reachable from inside), and `/sandbox` serves the simulator
 * and the demo's panel of signed requests. In live mode every part of it is inert.
 *
 * The seam is made before the app (the gateway client needs its loopback, the app mounts its
 * routes), so the app is attached once built (`attachApp`); nothing loops back before requests flow.
 */
export interface SandboxMode {
  /** Spread into the gateway client's options (its loopback fetch in sandbox mode). */
  gatewayClient: { fetch?: typeof fetch }
  /** Called with each gateway exchange (recorded for the demo's panel in sandbox mode). */
  recordExchange(exchange: GatewayExchange): void
  /** Mounted at `/sandbox` by the app (sandbox mode only). */
  routes?: { app: Hono }
  /** The simulator itself (tests drive its pay page and faults). */
  sandbox?: Sandbox
  /** Sends the loopback's calls to the app, built after this seam (main.ts). */
  attachApp(fetch: AppFetch): void
  /** Says loudly in the log that no money moves. */
  announce(logger: Logger): void
  close(): void
}

type AppFetch = (request: Request) => Response | Promise<Response>

export interface SandboxModeOptions {
  clock: Clock
  /** Where calls to anything but our own public URL go. */
  outboundFetch: typeof fetch
  /** The simulator's notification retry schedule (tests shorten it). */
  notifyRetryScheduleMs?: number[]
}

/** The origins as a list for the log when they are not the sandbox default, else undefined. */
function originsReplacingDefault(origins: readonly string[]): string | undefined {
  const isDefault =
    origins.length === DEFAULT_SANDBOX_ORIGINS.length &&
    DEFAULT_SANDBOX_ORIGINS.every((origin) => origins.includes(origin))
  return isDefault ? undefined : origins.join(', ')
}

export function sandboxMode(config: Config, options: SandboxModeOptions): SandboxMode {
  if (config.mode !== 'sandbox') {
    return { gatewayClient: {}, recordExchange() {}, attachApp() {}, announce() {}, close() {} }
  }
  const ownUrl = `${config.publicUrl}/`
  let appFetch: AppFetch | undefined
  const loopbackFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init)
    if (!request.url.startsWith(ownUrl)) return options.outboundFetch(request)
    if (!appFetch) throw new Error('sandbox mode: the app is not attached yet (attachApp)')
    return appFetch(request)
  }
  const sandbox = createSandbox({
    userKey: config.userKey,
    secret: config.secret,
    clock: options.clock,
    publicUrl: `${config.publicUrl}/sandbox`,
    merchantName: config.merchantName,
    // EFTPAY_PLATFORM=oapm plays OAPM (config/load.ts puts the gateway URL at its base path).
    platform: config.protocol?.platform ?? 'vmp',
    fetch: loopbackFetch,
    ...(options.notifyRetryScheduleMs
      ? { notifyRetryScheduleMs: options.notifyRetryScheduleMs }
      : {}),
  })
  const exchangeLog = createExchangeLog(50, options.clock)
  const routes = new Hono()
  // The demo's panel reads the exchanges from the storefront's origin.
  routes.use('/exchanges', browserCors({ allowedOrigins: config.allowedOrigins }))
  routes.route('/', exchangeLogRoutes(exchangeLog))
  routes.route('/', sandbox.app)
  return {
    gatewayClient: { fetch: loopbackFetch },
    recordExchange: (exchange) => exchangeLog.record(exchange),
    routes: { app: routes },
    sandbox,
    attachApp(fetch) {
      appFetch = fetch
    },
    announce(logger) {
      logger.warn(
        { mode: 'sandbox', gateway: config.gatewayUrl },
        'SANDBOX MODE: no EFTPAY_GATEWAY_URL is set, payments go to the built-in eftPay simulator and no money moves',
      )
      const origins = originsReplacingDefault(config.allowedOrigins)
      if (origins) {
        // Setting the variable replaces the default instead of adding to it: without this line a
        // storefront on another local port gets 403 origin_not_allowed with no hint why.
        logger.warn(
          { allowed_origins: config.allowedOrigins },
          `ALLOWED_ORIGINS is set, so only ${origins} may call the browser endpoints: the sandbox default (any http://localhost and http://127.0.0.1 port) is off. Add http://localhost:* or http://127.0.0.1:* to keep any port.`,
        )
      }
    },
    close: () => sandbox.close(),
  }
}
