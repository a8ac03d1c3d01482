import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildAdyenAnchor } from './anchor.js'
import { ensureWidgetBuilt, measureBundle } from './bundle-size.js'
import { measureDemoLoads } from './demo-load.js'
import { describeMemory, memory } from './memory.js'
import { benchNotify } from './notify-bench.js'
import { type Proc, paths, startBaseline, startBenchSigner, startSandbox } from './processes.js'
import { benchRelay, createSessions, SHOP_ORIGIN } from './relay-bench.js'
import { figureRows } from './report.js'
import { runShoppers } from './shoppers.js'
import { benchSign } from './sign-vs-hash.js'
import { renderTable } from './table.js'
import { PHONE_CPU_SLOWDOWN, prepareTimeToWallets } from './time-to-wallets.js'

/** Starts the baseline relay on an undici Pool (baseline-relay.ts reads BASELINE_HTTP from its env). */
async function startPoolBaseline(gateway: string): Promise<Proc> {
  const before = process.env.BASELINE_HTTP
  process.env.BASELINE_HTTP = 'pool'
  try {
    return await startBaseline(gateway)
  } finally {
    if (before === undefined) delete process.env.BASELINE_HTTP
    else process.env.BASELINE_HTTP = before
  }
}

/**
 * `pnpm bench`: measures the performance claims of the widget and the signer and prints them as a table, then writes
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
const DEMO_LOADS = num('BENCH_DEMO_LOADS', 9)

const started = Date.now()
const step = (what: string) =>
  console.log(`bench: ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`)
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

async function main() {
  const procs: Proc[] = []
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-bench-'))
  const ttw = await prepareTimeToWallets()
  try {
    step('widget bundle size')
    ensureWidgetBuilt()
    const bundle = measureBundle()

    step("the anchor: Adyen's Web Drop-in with the card component, same bundler and minifier")
    const anchor = await buildAdyenAnchor()

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
    const memAtStart = await memory(signer)
    const baseline = await startBaseline(sandbox.gateway)
    procs.push(baseline)
    const baselinePool = await startPoolBaseline(sandbox.gateway)
    procs.push(baselinePool)

    step(`time to wallets: ${LOADS} page loads in headless Chromium`)
    const [pageSession] = await createSessions(signer.url, 1, 1)
    const wallets = await ttw.measure({
      signerUrl: signer.url,
      clientSecret: pageSession?.secret ?? '',
      loads: LOADS,
    })

    step(
      `time to wallets on a phone: ${LOADS} page loads, CPU throttled ${PHONE_CPU_SLOWDOWN}x, phone viewport`,
    )
    const phone = await ttw.measure({
      signerUrl: signer.url,
      clientSecret: pageSession?.secret ?? '',
      loads: LOADS,
      phone: true,
    })

    step(`the demo shop's home page as a shopper loads it: ${DEMO_LOADS} fresh loads`)
    const demo = await measureDemoLoads(DEMO_LOADS)

    step(
      `payments started per second: sandbox alone, baseline relay, signer (${CONNECTIONS} connections, ~${SECONDS} s each)`,
    )
    const relay = await benchRelay({
      sandbox,
      baseline,
      baselinePool,
      signer,
      connections: CONNECTIONS,
      seconds: SECONDS,
    })

    step(`${SHOPPERS} concurrent shoppers through the whole flow`)
    const shoppers = await runShoppers(signer.url, SHOPPERS)
    const memAfterLoad = await memory(signer)
    // The same shoppers' run again: memory that keeps growing over identical work is a leak.
    step(`${SHOPPERS} concurrent shoppers again (memory growth over an identical run)`)
    const shoppersAgain = await runShoppers(signer.url, SHOPPERS)
    const memAfterSecond = await memory(signer)

    await signer.stop()
    await baseline.stop()
    await baselinePool.stop()
    // Every figure above measures the bundle (what ships); until December 2026 the bench ran the
    // source through tsx, whose loader and compiled-module cache live in the process. The same
    // signer through tsx, at start and after one shoppers' run, keeps that change of method visible.
    step(`the signer run through tsx instead (memory only): ${SHOPPERS} shoppers`)
    const tsxSigner = await startBenchSigner({
      gateway: sandbox.gateway,
      dbFile: join(dir, 'signer-tsx.db'),
      origins: [SHOP_ORIGIN],
      runtime: 'tsx',
    })
    procs.push(tsxSigner)
    const tsxAtStart = await memory(tsxSigner)
    await runShoppers(tsxSigner.url, SHOPPERS)
    const tsxAfterShoppers = await memory(tsxSigner)
    await tsxSigner.stop()
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
      time_to_wallets_mobile_ms_median: round(phone.median),
      time_to_wallets_mobile_ms_p90: round(phone.p90),
      demo_wallets_clickable_ms_median: round(demo.clickableMs),
      wallets_after_signer_ms_median: round(demo.afterSignerMs),
      demo_widget_script_ms_median: round(demo.widgetScriptMs),
      demo_first_signer_request_ms_median: round(demo.firstSignerRequestMs),
      demo_last_signer_answer_ms_median: round(demo.lastSignerAnswerMs),
      demo_bytes_before_clickable: demo.bytesBeforeClickable,
      demo_requests_before_clickable: demo.requestsBeforeClickable,
      anchor_adyen_dropin_gzip_bytes: anchor.jsGzip,
      anchor_adyen_dropin_css_gzip_bytes: anchor.cssGzip,
      anchor_vs_widget_gzip: round(anchor.jsGzip / bundle.gzip, 2),
      signer_rps: round(relay.signer.rps, 1),
      baseline_rps: round(relay.baseline.rps, 1),
      sandbox_rps: round(relay.sandbox.rps, 1),
      signer_vs_baseline: round(relay.signer.rps / relay.baseline.rps, 3),
      signer_cpu_ms_per_payment: round(relay.cpuPerRequest.signer ?? Number.NaN, 3),
      baseline_cpu_ms_per_payment: round(relay.cpuPerRequest.baseline ?? Number.NaN, 3),
      baseline_pool_rps: round(relay.baselinePool?.rps ?? Number.NaN, 1),
      baseline_pool_cpu_ms_per_payment: round(relay.cpuPerRequest.baselinePool ?? Number.NaN, 3),
      signer_vs_baseline_pool: round(relay.signer.rps / (relay.baselinePool?.rps ?? Number.NaN), 3),
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
      notify_acknowledged: notify.acknowledged,
      notify_applied: notify.applied,
      signer_cpu_ms_per_notification: round(notify.cpuPerNotification ?? Number.NaN, 3),
      notify_p99_ms: notify.load.p99,
      sign_per_s: Math.round(signing.signPerSecond),
      raw_sha256_per_s: Math.round(signing.rawHashPerSecond),
      canonical_string_per_s: Math.round(signing.canonicalPerSecond),
      sign_vs_raw_hash: round(signing.oneShotRatio, 3),
      sign_vs_createhash: round(signing.ratio, 3),
      raw_sha256_oneshot_per_s: Math.round(signing.oneShotHashPerSecond),
      load_shoppers: shoppers.shoppers,
      load_errors: shoppers.errors,
      load_flow_p50_ms: round(shoppers.flowP50, 1),
      load_flow_p99_ms: round(shoppers.flowP99, 1),
      load_request_p99_ms: round(shoppers.requestP99, 1),
      signer_rss_mb: round(memAfterLoad.rssMb ?? Number.NaN, 1),
      signer_rss_at_start_mb: round(memAtStart.rssMb ?? Number.NaN, 1),
      signer_rss_after_second_run_mb: round(memAfterSecond.rssMb ?? Number.NaN, 1),
      signer_rss_growth_mb: round(
        (memAfterSecond.rssMb ?? Number.NaN) - (memAfterLoad.rssMb ?? Number.NaN),
        1,
      ),
      signer_heap_used_mb: round(memAfterLoad.heapUsedMb ?? Number.NaN, 1),
      signer_heap_total_mb: round(memAfterLoad.heapTotalMb ?? Number.NaN, 1),
      signer_tsx_rss_at_start_mb: round(tsxAtStart.rssMb ?? Number.NaN, 1),
      signer_tsx_rss_after_shoppers_mb: round(tsxAfterShoppers.rssMb ?? Number.NaN, 1),
      load_errors_second_run: shoppersAgain.errors,
      cpus: cpus().length,
      seconds: Math.round((Date.now() - started) / 1000),
    }

    const rows = figureRows({
      bundle,
      anchor,
      wallets,
      phone,
      demo,
      relay,
      notify,
      signing,
      shoppers,
      shoppersAgain,
      results,
      memoryNotes: {
        atStart: describeMemory(memAtStart),
        afterLoad: describeMemory(memAfterLoad),
        tsxAtStart: describeMemory(tsxAtStart),
        tsxAfterShoppers: describeMemory(tsxAfterShoppers),
      },
      knobs: { connections: CONNECTIONS, notifications: NOTIFICATIONS, shoppers: SHOPPERS },
    })
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
