import { type ChildProcess, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../scripts/free-port.mjs'
import { spawnTsProcess, waitUntilHealthy } from '../../scripts/node-process.mjs'
import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '../../signer/src/config/sandbox-credentials.js'
import { WALLETS } from '../../signer/src/contract/vocabulary.js'

/**
 * The processes a benchmark measures, each in its own Node process so the load generator (this
 * process) never shares an event loop with what it measures: the standalone sandbox, the signer
 * (pointed at that sandbox as its live gateway) and the baseline relay. The signer and the sandbox
 * run from the bundle the merchant runs (`signer/dist/signer.mjs`, `sandbox.mjs`, plain `node`: the
 * container and the package's bin do), not from the TypeScript source through tsx.
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
 * Spawns `node <script>` (with `--import tsx` for a `.ts`) in `cwd` (scripts/node-process.mjs) and waits until `health`
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

/** Newest modification time (ms) of the files under `dir` (tests excluded), recursively. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(file))
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(file).mtimeMs)
  }
  return newest
}

let bundleDir: string | undefined
/**
 * The folder holding `signer.mjs` and `sandbox.mjs`. `BENCH_SIGNER_DIST` names a prebuilt one (to
 * measure two builds side by side); otherwise `signer/dist`, rebuilt (`node scripts/bundle.mjs
 * --app`, a few seconds) when missing or older than any source file (the signer's and the webhook
 * package's), so what is measured is this checkout's signer.
 */
export function signerBundle(): string {
  if (bundleDir) return bundleDir
  const given = process.env.BENCH_SIGNER_DIST
  if (given) {
    if (!existsSync(join(given, 'signer.mjs')) || !existsSync(join(given, 'sandbox.mjs')))
      throw new Error(`BENCH_SIGNER_DIST=${given} holds no signer.mjs and sandbox.mjs`)
    bundleDir = given
    return given
  }
  const dist = join(paths.signer, 'dist')
  const built = (name: string) => {
    const file = join(dist, name)
    return existsSync(file) ? statSync(file).mtimeMs : 0
  }
  // The webhook package (../webhooks) is bundled into the signer too.
  const webhooks = join(paths.signer, '..', 'webhooks', 'src')
  const sources = Math.max(
    newestMtime(join(paths.signer, 'src')),
    existsSync(webhooks) ? newestMtime(webhooks) : 0,
    statSync(join(paths.signer, 'package.json')).mtimeMs,
    statSync(join(paths.signer, 'scripts', 'bundle.mjs')).mtimeMs,
  )
  if (Math.min(built('signer.mjs'), built('sandbox.mjs')) < sources) {
    console.log('bench: bundling the signer (signer/scripts/bundle.mjs --app)')
    const result = spawnSync(process.execPath, ['scripts/bundle.mjs', '--app'], {
      cwd: paths.signer,
      stdio: 'inherit',
    })
    if (result.status !== 0) throw new Error(`bundling the signer failed (exit ${result.status})`)
  }
  bundleDir = dist
  return dist
}

/** How the signer process runs: the bundle (what ships), or the source through tsx (for comparison). */
export type SignerRuntime = 'bundle' | 'tsx'

/** The standalone sandbox (dist/sandbox.mjs, from sandbox/src/main.ts); `gateway` is its VMP base URL. */
export async function startSandbox(): Promise<Proc & { gateway: string }> {
  const port = await freePort()
  const proc = await start(
    'sandbox',
    paths.signer,
    join(signerBundle(), 'sandbox.mjs'),
    { PORT: String(port) },
    `http://127.0.0.1:${port}/healthz`,
  )
  return { ...proc, gateway: `http://127.0.0.1:${port}/sandbox/VMP` }
}

/**
 * The signer (dist/signer.mjs, or src/main.ts through tsx with `runtime: 'tsx'`) in live mode against `gateway` (the standalone sandbox) with the
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
  /** Default `bundle`. */
  runtime?: SignerRuntime
}): Promise<Proc> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  return start(
    options.runtime === 'tsx' ? 'signer (tsx)' : 'signer',
    paths.signer,
    options.runtime === 'tsx' ? 'src/main.ts' : join(signerBundle(), 'signer.mjs'),
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
