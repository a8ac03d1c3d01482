import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBenchSigner, startSandbox } from './processes.js'
import { createSessions, SHOP_ORIGIN, startPayments } from './relay-bench.js'

/**
 * `pnpm --dir bench tail`: what makes the signer's p99 in the paced run of `pnpm bench`
 * (`signer_p99_overhead_ms`). The same rounds (fresh sessions created through the API, then
 * payments paced at TAIL_RATE/s, default 177, over 5 connections for BENCH_SECONDS), and around
 * each paced run the signer's own `/metrics` (prom-client's default metrics): the event loop's
 * delay (`monitorEventLoopDelay`; its histogram restarts at each scrape, so it covers the run) and
 * the GC pauses by kind. `TAIL_NODE_ARGS` adds node flags to the signer (e.g. `--max-semi-space-size=16`).
 */

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const RATE = num('TAIL_RATE', 177)
const SECONDS = num('BENCH_SECONDS', 8)
const ROUNDS = num('TAIL_ROUNDS', 3)

/** Every `name{labels} value` line of a Prometheus text exposition, keyed by `name{labels}`. */
async function scrape(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const out = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue
    const space = line.lastIndexOf(' ')
    out.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  return out
}

/** GC pauses during a run, by kind: count, total ms, and how many took over 10 ms. */
function gcDuring(before: Map<string, number>, after: Map<string, number>): string {
  const parts: string[] = []
  for (const kind of ['minor', 'major', 'incremental', 'weakcb']) {
    const d = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0)
    const count = d(`nodejs_gc_duration_seconds_count{kind="${kind}"}`)
    if (count === 0) continue
    const sum = d(`nodejs_gc_duration_seconds_sum{kind="${kind}"}`) * 1000
    const over10 = count - d(`nodejs_gc_duration_seconds_bucket{le="0.01",kind="${kind}"}`)
    parts.push(`${kind} ${count}× ${sum.toFixed(0)} ms (${over10} over 10 ms)`)
  }
  return parts.join(', ') || 'none'
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-tail-'))
  const sandbox = await startSandbox()
  const nodeArgs = process.env.TAIL_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []
  const signer = await startBenchSigner({
    gateway: sandbox.gateway,
    dbFile: join(dir, 'signer.db'),
    origins: [SHOP_ORIGIN],
    nodeArgs,
  })
  try {
    const pay = (sessions: Array<{ id: string; secret: string }>, rate?: number) =>
      startPayments(signer.url, sessions, {
        connections: rate === undefined ? 50 : 5,
        ...(rate !== undefined ? { rate } : {}),
      })
    await pay(await createSessions(signer.url, 1000))
    for (let round = 1; round <= ROUNDS; round++) {
      const sessions = await createSessions(signer.url, RATE * SECONDS)
      const before = await scrape(signer.url)
      const result = await pay(sessions, RATE)
      const after = await scrape(signer.url)
      const lag = (q: string) =>
        ((after.get(`nodejs_eventloop_lag_${q}_seconds`) ?? 0) * 1000).toFixed(1)
      console.log(
        `round ${round}: ${result.requests} payments at ${RATE}/s, p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms, ${result.errors} errors; event-loop delay p50 ${lag('p50')} / p99 ${lag('p99')} / max ${lag('max')} ms; GC ${gcDuring(before, after)}`,
      )
    }
  } finally {
    await signer.stop()
    await sandbox.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
