import type { AddressInfo } from 'node:net'
import { createSandbox } from '@eftpay/sandbox'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { type Config, ConfigError, loadConfig } from '../config/index.js'
import { systemClock } from '../gateway/hk-time.js'
import { checkGateway, checkWallets } from './gateway-checks.js'
import { platformChecks } from './platform-checks.js'
import type { ProbeTarget } from './probe.js'
import { checkApplePayDomainFile, checkPublicUrl } from './site-checks.js'
import type { CheckLine, CheckReport } from './types.js'

/**
 * `eftpay-signer check`: what can be proved before the first shopper, with the same environment
 * the signer reads. Without `EFTPAY_GATEWAY_URL` it starts the built-in sandbox in this process
 * and checks against it. Every gateway request has its own timeout, and an unreachable gateway
 * stops the wallet calls, so a closed port fails in seconds.
 */

export interface RunCheckOptions {
  env: Readonly<Record<string, string | undefined>>
  /** For the PUBLIC_URL fetches (Apple Pay domain file) and the gateway; injectable for tests. */
  fetch?: typeof fetch
  clock?: () => Date
  /** Per request; default 8 s (three calls at most before giving up on an unreachable gateway). */
  timeoutMs?: number
}

async function startLocalSandbox(config: Config, clock: () => Date) {
  const root = new Hono()
  const server = serve({ fetch: root.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) =>
    server.listening ? resolve() : server.once('listening', () => resolve()),
  )
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`
  const sandbox = createSandbox({
    userKey: config.userKey,
    secret: config.secret,
    clock,
    publicUrl: base,
    notifyRetryScheduleMs: [],
  })
  root.route('/sandbox', sandbox.app)
  return {
    baseUrl: `${base}/VMP`,
    close: () => {
      sandbox.close()
      server.close()
    },
  }
}

export async function runCheck(options: RunCheckOptions): Promise<CheckReport> {
  const doFetch = options.fetch ?? fetch
  const clock = options.clock ?? systemClock
  const timeoutMs = options.timeoutMs ?? 8_000
  let config: Config
  try {
    config = loadConfig(options.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    const line: CheckLine = {
      id: 'config',
      status: 'fail',
      message: `configuration invalid: ${error.problems.join(' ')}`,
      details: { problems: error.problems },
    }
    return { ok: false, lines: [line] }
  }
  const lines: CheckLine[] = [
    {
      id: 'config',
      status: 'pass',
      message: `configuration valid (${config.mode} mode; wallets ${[...config.wallets, ...(config.applePay.enabled ? ['APPLEPAY'] : []), ...(config.googlePay.enabled ? ['GOOGLEPAY'] : [])].join(', ')})`,
      details: {
        mode: config.mode,
        gateway: config.mode === 'live' ? config.gatewayUrl : 'built-in sandbox',
      },
    },
  ]
  const local = config.mode === 'sandbox' ? await startLocalSandbox(config, clock) : undefined
  try {
    const target: ProbeTarget = {
      baseUrl: local?.baseUrl ?? config.gatewayUrl,
      userKey: config.userKey,
      secret: config.secret,
      clock,
      fetch: doFetch,
      timeoutMs,
    }
    const gateway = await checkGateway(target)
    lines.push(
      ...gateway.lines,
      // OAPM has no test environment: no order is placed there (platform-checks.ts).
      ...(await platformChecks(config, () => checkWallets(target, config, gateway.reachable))),
    )
  } finally {
    local?.close()
  }
  lines.push(checkPublicUrl(config))
  const domainFile = await checkApplePayDomainFile(config, doFetch, timeoutMs)
  if (domainFile) lines.push(domainFile)
  return { ok: lines.every((l) => l.status !== 'fail'), lines }
}
