import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measureDemoLoads } from './demo-load.js'
import { type Proc, paths, startBenchSigner, startSandbox } from './processes.js'
import { createSessions, SHOP_ORIGIN } from './relay-bench.js'
import { prepareTimeToWallets } from './time-to-wallets.js'

/**
 * `pnpm --dir bench widget`: only the widget's time figures (time to wallets on a computer and on
 * a phone, the demo page's clickable wallet and its span after the signer's last answer), the same
 * measures as `pnpm bench`, without the signer's load runs.
 *
 * `BENCH_WIDGET_VARIANTS=before=/path/to/dist,after=/path/to/dist` compares script-tag builds side
 * by side on a busy machine: each round measures every variant in turn (their files copied into
 * widget/dist, which both pages serve; the current build is put back at the end), so load from
 * elsewhere falls on all of them alike. `BENCH_WIDGET_ROUNDS` (2), `BENCH_PAGE_LOADS` (25),
 * `BENCH_DEMO_LOADS` (9).
 */

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const LOADS = num('BENCH_PAGE_LOADS', 25)
const DEMO_LOADS = num('BENCH_DEMO_LOADS', 9)
const dist = join(paths.widget, 'dist')
const variants = (process.env.BENCH_WIDGET_VARIANTS ?? `current=${dist}`).split(',').map((v) => {
  const [name, dir] = v.split('=')
  return { name: name ?? v, dir: dir ?? v }
})
const ROUNDS = num('BENCH_WIDGET_ROUNDS', variants.length > 1 ? 2 : 1)

const isScriptTagFile = (name: string) => /^eftpay-button(\..+)?\.js$/.test(name)

/** Puts a build's script-tag files into widget/dist (a no-op for widget/dist itself). */
function install(dir: string): void {
  if (dir === dist) return
  for (const name of readdirSync(dist).filter(isScriptTagFile)) rmSync(join(dist, name))
  for (const name of readdirSync(dir).filter(isScriptTagFile))
    cpSync(join(dir, name), join(dist, name))
}

const round2 = (n: number) => Math.round(n * 100) / 100

async function main() {
  const saved = mkdtempSync(join(tmpdir(), 'eftpay-bench-widget-'))
  for (const name of readdirSync(dist).filter(isScriptTagFile))
    cpSync(join(dist, name), join(saved, name))
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-bench-'))
  const procs: Proc[] = []
  const ttw = await prepareTimeToWallets()
  try {
    const sandbox = await startSandbox()
    procs.push(sandbox)
    const signer = await startBenchSigner({
      gateway: sandbox.gateway,
      dbFile: join(dir, 'signer.db'),
      origins: [SHOP_ORIGIN, ttw.origin],
    })
    procs.push(signer)
    const [session] = await createSessions(signer.url, 1, 1)
    const clientSecret = session?.secret ?? ''
    const rows: Record<string, string | number>[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      for (const { name, dir: variantDir } of variants) {
        install(variantDir === dist ? saved : variantDir)
        console.log(`bench widget: round ${round}, ${name}`)
        const computer = await ttw.measure({ signerUrl: signer.url, clientSecret, loads: LOADS })
        const phone = await ttw.measure({
          signerUrl: signer.url,
          clientSecret,
          loads: LOADS,
          phone: true,
        })
        const demo = await measureDemoLoads(DEMO_LOADS)
        rows.push({
          round,
          variant: name,
          time_to_wallets_ms_median: round2(computer.median),
          time_to_wallets_signer_wait_ms_median: round2(computer.signerMedian),
          time_to_wallets_mobile_ms_median: round2(phone.median),
          demo_wallets_clickable_ms_median: round2(demo.clickableMs),
          wallets_after_signer_ms_median: round2(demo.afterSignerMs),
          demo_first_signer_request_ms_median: round2(demo.firstSignerRequestMs),
          demo_bytes_before_clickable: demo.bytesBeforeClickable,
        })
      }
    }
    console.table(rows)
  } finally {
    install(saved)
    rmSync(saved, { recursive: true, force: true })
    for (const proc of procs.reverse()) await proc.stop()
    await ttw.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
