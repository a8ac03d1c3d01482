import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureWidgetBuilt, measureBundle } from './bundle-size.js'
import { benchNotify } from './notify-bench.js'
import { type Proc, paths, startBaseline, startBenchSigner, startSandbox } from './processes.js'
import { benchRelay, createSessions, SHOP_ORIGIN } from './relay-bench.js'
import { runShoppers } from './shoppers.js'
import { benchSign } from './sign-vs-hash.js'
import { type Row, renderTable } from './table.js'
import { prepareTimeToWallets } from './time-to-wallets.js'

/**
 * `pnpm bench`: measures the claims of issue 6 and prints them as a table, then writes
 * bench/results.json. A benchmark, not a test: it never fails on a figure, only when something it
 * needs does not work (then no figure would be true). Knobs (env): BENCH_SECONDS (8),
 * BENCH_CONNECTIONS (50), BENCH_PAGE_LOADS (25), BENCH_NOTIFICATIONS (3000), BENCH_SHOPPERS (100),
 * BENCH_SIGNER_LOG_LEVEL (info).
 *
 * Everything runs on loopback on this one machine: the load generator (this process), the
 * signer, the sandbox and the baseline share its cores, so absolute figures depend on the machine
 * and on whatever else runs; the ratios are the meaningful part.
 */

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const SECONDS = num('BENCH_SECONDS', 8)
const CONNECTIONS = num('BENCH_CONNECTIONS', 50)
const LOADS = num('BENCH_PAGE_LOADS', 25)
const NOTIFICATIONS = num('BENCH_NOTIFICATIONS', 3000)
const SHOPPERS = num('BENCH_SHOPPERS', 100)

const started = Date.now()
const step = (what: string) =>
  console.log(`bench: ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`)
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits
const cpu = (ms: number | undefined) => (ms === undefined ? 'n/a' : `${ms.toFixed(2)} ms`)

async function main() {
  const procs: Proc[] = []
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-bench-'))
  const ttw = await prepareTimeToWallets()
  try {
    step('widget bundle size')
    ensureWidgetBuilt()
    const bundle = measureBundle()

    step('sign() against raw SHA-256')
    const signing = benchSign()

    step('starting the sandbox, the signer and the baseline relay (separate processes)')
    const sandbox = await startSandbox()
    procs.push(sandbox)
    const signer = await startBenchSigner({
      gateway: sandbox.gateway,
      dbFile: join(dir, 'signer.db'),
      origins: [SHOP_ORIGIN, ttw.origin],
    })
    procs.push(signer)
    const baseline = await startBaseline(sandbox.gateway)
    procs.push(baseline)

    step(`time to wallets: ${LOADS} page loads in headless Chromium`)
    const [pageSession] = await createSessions(signer.url, 1, 1)
    const wallets = await ttw.measure({
      signerUrl: signer.url,
      clientSecret: pageSession?.secret ?? '',
      loads: LOADS,
    })

    step(
      `payments started per second: sandbox alone, baseline relay, signer (${CONNECTIONS} connections, ~${SECONDS} s each)`,
    )
    const relay = await benchRelay({
      sandbox,
      baseline,
      signer,
      connections: CONNECTIONS,
      seconds: SECONDS,
    })

    step(`${SHOPPERS} concurrent shoppers through the whole flow`)
    const shoppers = await runShoppers(signer.url, SHOPPERS)

    await signer.stop()
    await baseline.stop()
    step(`notifications applied per second (${NOTIFICATIONS}, ${CONNECTIONS} connections)`)
    const notify = await benchNotify({
      gateway: sandbox.gateway,
      count: NOTIFICATIONS,
      connections: CONNECTIONS,
    })

    const results = {
      widget_bundle_gzip_bytes: bundle.gzip,
      widget_bundle_raw_bytes: bundle.raw,
      widget_bundle_brotli_bytes: bundle.brotli,
      widget_lazy_chunks_gzip_bytes: Object.values(bundle.lazyGzip).reduce((a, b) => a + b, 0),
      time_to_wallets_ms_median: round(wallets.median),
      time_to_wallets_ms_p90: round(wallets.p90),
      time_to_wallets_signer_wait_ms_median: round(wallets.signerMedian),
      signer_rps: round(relay.signer.rps, 1),
      baseline_rps: round(relay.baseline.rps, 1),
      sandbox_rps: round(relay.sandbox.rps, 1),
      signer_vs_baseline: round(relay.signer.rps / relay.baseline.rps, 3),
      signer_cpu_ms_per_payment: round(relay.cpuPerRequest.signer ?? Number.NaN, 3),
      baseline_cpu_ms_per_payment: round(relay.cpuPerRequest.baseline ?? Number.NaN, 3),
      sandbox_cpu_ms_per_preorder: round(relay.cpuPerRequest.sandboxUnderSigner ?? Number.NaN, 3),
      signer_p99_ms: relay.signer.p99,
      baseline_p99_ms: relay.baseline.p99,
      sandbox_p99_ms: relay.sandbox.p99,
      signer_p99_overhead_ms: round(relay.paced.overheadMs),
      signer_p99_overhead_saturated_ms: round(relay.signer.p99 - relay.sandbox.p99),
      paced_rate_per_s: relay.paced.rate,
      signer_errors: relay.signer.errors,
      baseline_errors: relay.baseline.errors,
      notify_per_s: round(notify.perSecond, 1),
      notify_errors: notify.load.errors,
      signer_cpu_ms_per_notification: round(notify.cpuPerNotification ?? Number.NaN, 3),
      notify_p99_ms: notify.load.p99,
      sign_per_s: Math.round(signing.signPerSecond),
      raw_sha256_per_s: Math.round(signing.rawHashPerSecond),
      canonical_string_per_s: Math.round(signing.canonicalPerSecond),
      sign_vs_raw_hash: round(signing.ratio, 3),
      load_shoppers: shoppers.shoppers,
      load_errors: shoppers.errors,
      load_flow_p50_ms: round(shoppers.flowP50, 1),
      load_flow_p99_ms: round(shoppers.flowP99, 1),
      load_request_p99_ms: round(shoppers.requestP99, 1),
      cpus: cpus().length,
      seconds: Math.round((Date.now() - started) / 1000),
    }

    const rows: Row[] = [
      {
        key: 'widget_bundle_gzip_bytes',
        value: bundle.gzip,
        unit: 'B',
        goal: { op: '<=', value: 12288 },
        note: `raw ${bundle.raw} B, brotli ${bundle.brotli} B; lazy chunks (QR, Apple Pay) ${Object.values(bundle.lazyGzip).join(' + ')} B gzip, loaded only when used`,
      },
      {
        key: 'time_to_wallets_ms_median',
        value: round(wallets.median),
        unit: 'ms',
        goal: { op: '<=', value: 50 },
        note: `p90 ${round(wallets.p90)} ms over ${wallets.samples.length} page loads; of the median, ${round(wallets.signerMedian)} ms until the signer's last answer (${wallets.calls})`,
      },
      {
        key: 'signer_rps',
        value: round(relay.signer.rps, 1),
        unit: 'req/s',
        note: `${relay.signer.requests} payments, each on its own session; ${relay.signer.errors} errors; p50 ${relay.signer.p50} ms`,
      },
      {
        key: 'baseline_rps',
        value: round(relay.baseline.rps, 1),
        unit: 'req/s',
        note: `${relay.baseline.errors} errors; p50 ${relay.baseline.p50} ms; the sandbox alone: ${round(relay.sandbox.rps, 0)} req/s`,
      },
      {
        key: 'signer_vs_baseline',
        value: results.signer_vs_baseline,
        unit: '',
        goal: { op: '>=', value: 0.5 },
        note: `CPU per payment started: signer ${cpu(relay.cpuPerRequest.signer)}, baseline ${cpu(relay.cpuPerRequest.baseline)}, sandbox ${cpu(relay.cpuPerRequest.sandboxUnderSigner)}`,
      },
      {
        key: 'signer_p99_overhead_ms',
        value: results.signer_p99_overhead_ms,
        unit: 'ms',
        goal: { op: '<=', value: 5 },
        note: `both paced at ${relay.paced.rate}/s; median of ${relay.paced.rounds.length} rounds of signer p99 - sandbox p99: ${relay.paced.rounds.map((r) => `${r.signer.p99}-${r.sandbox.p99}`).join(', ')} ms; ${relay.paced.rounds.reduce((n, r) => n + r.signer.errors, 0)} errors`,
      },
      {
        key: 'signer_p99_overhead_saturated_ms',
        value: results.signer_p99_overhead_saturated_ms,
        unit: 'ms',
        note: `flat out, ${CONNECTIONS} connections: signer p99 ${relay.signer.p99} ms - sandbox p99 ${relay.sandbox.p99} ms (baseline p99 ${relay.baseline.p99} ms); mostly queueing`,
      },
      {
        key: 'notify_per_s',
        value: results.notify_per_s,
        unit: '/s',
        goal: { op: '>=', value: 2000 },
        note: `${notify.applied}/${NOTIFICATIONS} applied, ${notify.payments} payments succeeded, ${notify.load.errors} errors, p99 ${notify.load.p99} ms; signer CPU ${cpu(notify.cpuPerNotification)} each`,
      },
      {
        key: 'sign_vs_raw_hash',
        value: results.sign_vs_raw_hash,
        unit: '',
        goal: { op: '>=', value: 0.9 },
        note: `sign ${Math.round(signing.signPerSecond / 1000)}k/s, SHA-256 ${Math.round(signing.rawHashPerSecond / 1000)}k/s, canonical string alone ${Math.round(signing.canonicalPerSecond / 1000)}k/s (${signing.canonicalBytes} B)`,
      },
      {
        key: 'load_errors',
        value: shoppers.errors,
        unit: '',
        goal: { op: '<=', value: 0 },
        note: `${shoppers.shoppers} shoppers at once, whole flow; ${shoppers.firstErrors.join(' | ')}`,
      },
      {
        key: 'load_flow_p99_ms',
        value: round(shoppers.flowP99, 1),
        unit: 'ms',
        note: `flow p50 ${round(shoppers.flowP50, 1)} ms; signer request p99 ${round(shoppers.requestP99, 1)} ms over ${shoppers.requests} requests`,
      },
    ]
    console.log(
      `\neftpay bench: ${cpus().length} CPUs, Node ${process.version}, ${results.seconds} s; loopback, one machine (see bench/README.md)\n`,
    )
    console.log(renderTable(rows))
    writeFileSync(join(paths.bench, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
    console.log('\nwrote bench/results.json')
  } finally {
    for (const proc of procs.reverse()) await proc.stop()
    await ttw.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  )
  process.exit(1)
})
