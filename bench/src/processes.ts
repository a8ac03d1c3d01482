import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../scripts/free-port.mjs'
import { spawnTsProcess, waitUntilHealthy } from '../../scripts/node-process.mjs'
import { WALLETS } from '../../signer/src/gateway/fields.js'
import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '../../signer/src/sandbox-credentials.js'

/**
 * The processes a benchmark measures, each in its own Node process so the load generator (this
 * process) never shares an event loop with what it measures: the standalone sandbox, the signer
 * (pointed at that sandbox as its live gateway) and the baseline relay.
 */

const here = dirname(fileURLToPath(import.meta.url))
/** The workspace folders, found from this file (no machine paths). */
export const paths = {
  bench: join(here, '..'),
  signer: join(here, '..', '..', 'signer'),
  widget: join(here, '..', '..', 'widget'),
}

/** The bench's merchant API key (any 24+ characters; the signer is told it). */
export const BENCH_API_KEY = 'sk_bench_0123456789abcdef0123456789'
export { SANDBOX_SECRET, SANDBOX_USER_KEY }

export interface Proc {
  name: string
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/**
 * Spawns `node --import tsx <script>` in `cwd` (scripts/node-process.mjs) and waits until `health`
 * answers; stdout is dropped (the signer logs every request), stderr kept for failure messages.
 */
async function start(
  name: string,
  cwd: string,
  script: string,
  env: Record<string, string>,
  health: string,
  nodeArgs: string[] = [],
): Promise<Proc> {
  const proc = spawnTsProcess({
    script,
    cwd,
    env: { NODE_ENV: 'production', ...env },
    nodeArgs,
    output: 'stderr',
  })
  try {
    await waitUntilHealthy(health, proc, 60_000)
  } catch (error) {
    await proc.stop()
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return { name, url: health.replace(/\/healthz$/, ''), child: proc.child, stop: () => proc.stop() }
}

/** The standalone sandbox (signer/src/gateway/sandbox/main.ts); `gateway` is its VMP base URL. */
export async function startSandbox(): Promise<Proc & { gateway: string }> {
  const port = await freePort()
  const proc = await start(
    'sandbox',
    paths.signer,
    'src/gateway/sandbox/main.ts',
    { PORT: String(port) },
    `http://127.0.0.1:${port}/healthz`,
  )
  return { ...proc, gateway: `http://127.0.0.1:${port}/sandbox/VMP` }
}

/**
 * The signer (src/main.ts) in live mode against `gateway` (the standalone sandbox) with the
 * sandbox's credentials, a SQLite file, and rate limits lifted (one client IP sends everything).
 * Live mode, because the signer's own sandbox mode would run the simulator in the signer's process.
 */
export async function startBenchSigner(options: {
  gateway: string
  dbFile: string
  origins: string[]
  env?: Record<string, string>
  /** Extra `node` flags (e.g. `--cpu-prof`), which NODE_OPTIONS may not carry. */
  nodeArgs?: string[]
}): Promise<Proc> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  return start(
    'signer',
    paths.signer,
    'src/main.ts',
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      EFTPAY_GATEWAY_URL: options.gateway,
      EFTPAY_USER_KEY: SANDBOX_USER_KEY,
      EFTPAY_SECRET: SANDBOX_SECRET,
      SIGNER_API_KEY: BENCH_API_KEY,
      ALLOWED_ORIGINS: options.origins.join(','),
      DATABASE_URL: `sqlite:${options.dbFile}`,
      RATE_LIMIT_PER_MINUTE: '100000000',
      // Every redirect/QR wallet; Apple Pay needs a real merchant certificate in live mode.
      EFTPAY_WALLETS: WALLETS.join(','),
      LOG_LEVEL: process.env.BENCH_SIGNER_LOG_LEVEL ?? 'info',
      ...options.env,
    },
    `${url}/healthz`,
    options.nodeArgs,
  )
}

/** The baseline relay (baseline-relay.ts): node:http, sign, fetch to the sandbox; nothing else. */
export async function startBaseline(gateway: string): Promise<Proc> {
  const port = await freePort()
  return start(
    'baseline',
    paths.bench,
    'src/baseline-relay.ts',
    { PORT: String(port), GATEWAY_URL: gateway },
    `http://127.0.0.1:${port}/healthz`,
  )
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere.
 * Read before and after a run, it gives CPU per request: a figure that does not depend on how many
 * cores the process got to use while the load generator and the others competed for them.
 */
export function cpuMs(proc: Proc): number | undefined {
  try {
    const stat = readFileSync(`/proc/${proc.child.pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces): utime is 14th, stime 15th overall.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[11]) + Number(fields[12])
    return (ticks * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}
/** USER_HZ: 100 on every Linux Node supports. */
const CLOCK_TICKS = 100
