import type { AddressInfo } from 'node:net'
import { createSandbox } from '@eftpay/sandbox'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { type Config, ConfigError, loadConfig } from '../config/index.js'
import { systemClock } from '../contract/clock.js'
import { DEFAULT_GATEWAY_SETTINGS, presetOf } from '../gateway/settings.js'
import { writeEvidence } from './evidence.js'
import { checkGateway } from './gateway-checks.js'
import { platformChecks } from './platform-checks.js'
import { checkRoutes } from './route-checks.js'
import { createGatewaySession } from './session.js'
import { checkApplePayDomainFile, checkPublicUrl } from './site-checks.js'
import type { CheckLine, CheckReport, SettingFinding } from './types.js'
import { runUatChecks, type UatOptions } from './uat/uat-checks.js'

/**
 * `eftpay-signer check`: what can be proved before the first shopper, with the same environment
 * the signer reads. Without `EFTPAY_GATEWAY_URL` it starts the built-in sandbox in this process
 * and checks against it. Every gateway request has its own timeout, and a gateway that is
 * unreachable or refuses the credentials stops the order calls, so a closed port fails in seconds.
 * `uat` adds the UAT run (uat/uat-checks.ts); `evidenceDir` writes every exchange (evidence.ts).
 */

export interface RunCheckOptions {
  env: Readonly<Record<string, string | undefined>>
  /** For the PUBLIC_URL fetches (Apple Pay domain file) and the gateway; injectable for tests. */
  fetch?: typeof fetch
  clock?: () => Date
  /** Per request; default 8 s. */
  timeoutMs?: number
  /** `check --uat`: the UAT run that places real orders (the caller has asked for confirmation). */
  uat?: Partial<UatOptions>
  /** `check --evidence DIR`: where to write each request/response pair of the run. */
  evidenceDir?: string
  /** Progress for a person while a long step waits (the UAT run); not part of the report. */
  progress?: (text: string) => void
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

function configLine(config: Config): CheckLine {
  const wallets = [
    ...config.wallets,
    ...(config.applePay.enabled ? ['APPLEPAY'] : []),
    ...(config.googlePay.enabled ? ['GOOGLEPAY'] : []),
  ]
  return {
    id: 'config',
    status: 'pass',
    message: `configuration valid (${config.mode} mode; wallets ${wallets.join(', ')})`,
    details: {
      mode: config.mode,
      gateway: config.mode === 'live' ? config.gatewayUrl : 'built-in sandbox',
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
  const lines: CheckLine[] = [configLine(config)]
  let settings: SettingFinding[] | undefined
  const local = config.mode === 'sandbox' ? await startLocalSandbox(config, clock) : undefined
  const session = createGatewaySession({
    baseUrl: local?.baseUrl ?? config.gatewayUrl,
    userKey: config.userKey,
    secret: config.secret,
    clock,
    fetch: doFetch,
    timeoutMs,
    settings: config.protocol ?? DEFAULT_GATEWAY_SETTINGS,
  })
  try {
    const gateway = await checkGateway(session, config)
    lines.push(...gateway.lines)
    // OAPM has no test environment: no order is placed there (platform-checks.ts).
    lines.push(...(await platformChecks(config, () => checkRoutes(session, config, gateway))))
    const testEnvironment = config.mode === 'sandbox' || presetOf(config.protocol).testEnvironment
    if (options.uat && !testEnvironment)
      lines.push({
        id: 'uat',
        status: 'fail',
        message: `--uat places orders, and ${presetOf(config.protocol).name} has no test environment: refused (the first live HK$0.10 order proves the settings; see docs/deploy.md)`,
      })
    else if (options.uat) {
      const uat = await runUatChecks(session, config, gateway, {
        ...options.uat,
        progress: options.progress,
      })
      lines.push(...uat.lines)
      settings = uat.settings
    }
  } finally {
    local?.close()
  }
  lines.push(checkPublicUrl(config))
  const domainFile = await checkApplePayDomainFile(config, doFetch, timeoutMs)
  if (domainFile) lines.push(domainFile)
  const report: CheckReport = {
    ok: lines.every((l) => l.status !== 'fail'),
    lines,
    ...(settings ? { settings } : {}),
  }
  if (options.evidenceDir)
    report.evidence = await writeEvidence(options.evidenceDir, session.calls, report, {
      gatewayUrl: local ? 'built-in sandbox' : config.gatewayUrl,
      mode: config.mode,
      secrets: [config.secret, ...config.previousSecrets],
      startedAt: session.calls[0]?.at ?? clock(),
    })
  return report
}
