import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright'
import { startDemo } from '../../demo/serve.mjs'
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs'
import { WATCH } from './demo-load.js'
import { startBenchSigner, startSandbox } from './processes.js'
import { createSessions, SHOP_ORIGIN } from './relay-bench.js'
import { PHONE, PHONE_CPU_SLOWDOWN, page, pageDone, pageServer } from './time-to-wallets.js'
import { type Marks, report, type TraceEvent } from './trace-analysis.js'

/**
 * `pnpm --dir bench trace-demo`: where the time between the signer's last answer and the first
 * clickable wallet goes. Loads a page fresh under a Chromium trace (devtools.timeline and V8's
 * sampling profiler), then lists the renderer main thread's work from navigation start to the
 * clickable moment: each task over 1 ms with what it did (script by file, style, layout, paint,
 * parse), the sampled JS self time per function, and the totals per kind between the last signer
 * answer and clickable. TRACE_PAGE picks the page: `demo` (the demo's home page, the default),
 * `wallets` (the time-to-wallets page against a bench signer, which also prints the span from
 * connect to the last answer) or `wallets-phone` (the same as the phone figure: Pixel 7, CPU 4×
 * slower). TRACE_LOADS (3) loads, the first unmeasured; TRACE_FILE writes the last raw trace (open
 * it in DevTools).
 */

const LOADS = Number(process.env.TRACE_LOADS ?? 3)

/** A page to trace: its URL, and how to read its marks once its first wallet is clickable. */
interface Traced {
  url: string
  /** Set up before the page's own scripts (the demo's clickable watch). */
  initScript?: string
  /** Throttle the CPU like the phone figure. */
  phone?: boolean
  marks: string
  close(): Promise<void>
}

/** The demo's home page (its own signer in sandbox mode). */
async function demoPage(): Promise<Traced> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eftpay-trace-demo-'))
  const demo = await startDemo({ demoPort: 0, signerPort: 0, dataDir, quiet: true })
  return {
    url: `${demo.demoUrl}/`,
    initScript: WATCH,
    marks: `(() => {
      const calls = performance.getEntriesByType('resource').filter((e) => e.name.startsWith(${JSON.stringify(demo.signerUrl)}))
      return { clickable: globalThis.__clickable, lastSigner: Math.max(...calls.map((e) => e.responseEnd)) }
    })()`,
    async close() {
      await demo.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** The time-to-wallets page (\`pnpm bench\`'s time_to_wallets figures) against a bench signer. */
async function walletsPage(phone: boolean): Promise<Traced> {
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-trace-wallets-'))
  let html = ''
  const { origin, server } = await pageServer(() => html)
  const sandbox = await startSandbox()
  const signer = await startBenchSigner({
    gateway: sandbox.gateway,
    dbFile: join(dir, 'signer.db'),
    origins: [SHOP_ORIGIN, origin],
  })
  const [session] = await createSessions(signer.url, 1, 1)
  html = page(signer.url, session?.secret ?? '')
  return {
    url: `${origin}/`,
    phone,
    marks: `({ start: globalThis.__ttwStart, clickable: globalThis.__ttwStart + globalThis.__ttw,
      lastSigner: globalThis.__ttwStart + globalThis.__ttwSigner })`,
    async close() {
      await signer.stop()
      await sandbox.stop()
      await new Promise((resolve) => server.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function main() {
  const which = process.env.TRACE_PAGE ?? 'demo'
  const traced = which === 'demo' ? await demoPage() : await walletsPage(which === 'wallets-phone')
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext(traced.phone ? PHONE : {})
      if (traced.initScript) await context.addInitScript(traced.initScript)
      const page = await context.newPage()
      if (traced.phone) {
        const cdp = await context.newCDPSession(page)
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN })
      }
      await browser.startTracing(page, {
        categories: [
          'devtools.timeline',
          'disabled-by-default-devtools.timeline',
          'blink.user_timing',
          'loading',
          'disabled-by-default-v8.cpu_profiler',
        ],
      })
      const done = pageDone(page, 30_000)
      await page.goto(traced.url)
      await done
      const marks = (await page.evaluate(`(() => {
        const m = ${traced.marks}
        m.resources = performance.getEntriesByType('resource').map((e) => ({
          name: e.name.replace(/^https?:\\/\\/[^/]+/, ''),
          start: Math.round(e.startTime),
          end: Math.round(e.responseEnd),
        }))
        return m
      })()`)) as Marks
      const buffer = await browser.stopTracing()
      await context.close()
      if (i === 0) continue
      const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: TraceEvent[] }
      if (process.env.TRACE_FILE) writeFileSync(process.env.TRACE_FILE, buffer)
      report(traceEvents, marks)
    }
  } finally {
    await browser.close()
    await traced.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
