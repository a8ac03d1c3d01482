import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize } from 'node:path'
import { chromium, devices, type Page } from 'playwright'
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs'
import { paths } from './processes.js'

/**
 * Time to wallets: in headless Chromium on loopback, from the moment `<eftpay-button>` is
 * connected to the moment its wallet buttons are in the shadow DOM, laid out and not
 * `aria-disabled`, i.e. clickable. That span includes the element's `GET /v1/config` and
 * `GET /v1/sessions/:id` to the signer (a real process, CORS and all) and its render. The script
 * itself is loaded before the clock starts (it is the bundle-size figure's business). Each load is a
 * fresh page; the deltas are `performance.now()` in the page.
 *
 * The phone variant is the same page and the same clock in a phone's context (Playwright's Pixel 7:
 * 412×915 viewport, touch, mobile user agent, so the widget asks for the phone's wallets) with the
 * page's CPU throttled 4× through the DevTools protocol (`Emulation.setCPUThrottlingRate`), set on
 * each fresh page before it loads.
 */

/** How much slower the phone variant's CPU is made, DevTools' "4× slowdown". */
export const PHONE_CPU_SLOWDOWN = 4
export const PHONE = devices['Pixel 7']

/**
 * The measured pages say on the console that they are done, and the bench waits for that message.
 * `page.waitForFunction` would instead evaluate Playwright's injected script in the page while the
 * widget works: a trace (`TRACE_PAGE=wallets-phone pnpm --dir bench trace-demo`) showed its compile
 * as a 60–80 ms task on the throttled phone (8–18 ms on the computer) between the signer's last
 * answer and the wallets, counted in the figure as if the widget had spent it.
 */
export const DONE_MESSAGE = 'eftpay-bench:done'

/** Settles when the page logs DONE_MESSAGE; start waiting before `goto`. */
export function pageDone(page: Page, timeout: number): Promise<unknown> {
  return page.waitForEvent('console', { predicate: (m) => m.text() === DONE_MESSAGE, timeout })
}

/** The measuring page: waits for the element class, marks, connects, watches the shadow root. */
export function page(signer: string, secret: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>time to wallets</title>
<script type="module" src="/widget/eftpay-button.js"></script>
<script type="module">
await customElements.whenDefined('eftpay-button')
const el = document.createElement('eftpay-button')
el.setAttribute('signer', ${JSON.stringify(signer)})
el.setAttribute('client-secret', ${JSON.stringify(secret)})
const clickable = () => {
  const b = el.shadowRoot && el.shadowRoot.querySelector('button[part~="wallet"]')
  return !!b && b.getAttribute('aria-disabled') !== 'true' && b.getClientRects().length > 0
}
let done = false
const finish = (t1) => {
  if (done) return
  done = true
  observer.disconnect()
  // How much of it was spent waiting for the signer: the last of its responses to arrive.
  const calls = performance.getEntriesByType('resource').filter((e) => e.name.startsWith(${JSON.stringify(signer)}) && e.startTime >= t0)
  window.__ttwSigner = Math.max(0, ...calls.map((e) => e.responseEnd - t0))
  window.__ttwCalls = calls.map((e) => new URL(e.name).pathname).join(' ')
  window.__ttw = t1 - t0
  window.__ttwStart = t0
  console.debug(${JSON.stringify(DONE_MESSAGE)})
}
const observer = new MutationObserver(() => { if (clickable()) finish(performance.now()) })
el.addEventListener('eftpay-error', (e) => {
  window.__ttwError = e.detail && e.detail.code || 'error'
  console.debug(${JSON.stringify(DONE_MESSAGE)})
})
const t0 = performance.now()
document.body.append(el)
observer.observe(el.shadowRoot, { childList: true, subtree: true, attributes: true })
if (clickable()) finish(performance.now())
</script></head><body></body></html>`
}

/** Serves the page and widget/dist (the script-tag file and its lazy chunks) on loopback. */
export async function pageServer(html: () => string): Promise<{ origin: string; server: Server }> {
  const dist = join(paths.widget, 'dist')
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/')
      return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html())
    if (url.pathname.startsWith('/widget/')) {
      const file = normalize(join(dist, url.pathname.slice('/widget/'.length)))
      if (!file.startsWith(dist)) return void res.writeHead(404).end()
      readFile(file).then(
        (data) =>
          res
            .writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' })
            .end(data),
        () => res.writeHead(404).end(),
      )
      return
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

export interface TimeToWallets {
  samples: number[]
  median: number
  p90: number
  /** Median time from connect until the last signer response arrived (the rest is the widget's own work). */
  signerMedian: number
  /** The signer requests one load made, e.g. "/v1/config /v1/sessions/cs_…". */
  calls: string
}

/**
 * Starts the page server first: the signer must list its origin in ALLOWED_ORIGINS. `measure`
 * then runs `loads` page loads (after 2 unmeasured warm-ups) against a running signer.
 */
export async function prepareTimeToWallets() {
  let signer = ''
  let secret = ''
  const { origin, server } = await pageServer(() => page(signer, secret))
  return {
    origin,
    async measure(options: {
      signerUrl: string
      clientSecret: string
      loads: number
      /** A phone viewport and a CPU throttled PHONE_CPU_SLOWDOWN times. */
      phone?: boolean
    }): Promise<TimeToWallets> {
      signer = options.signerUrl
      secret = options.clientSecret
      const browser = await chromium.launch(chromiumLaunchOptions)
      try {
        const context = await browser.newContext(options.phone ? PHONE : {})
        const samples: number[] = []
        const signerWaits: number[] = []
        let calls = ''
        for (let i = 0; i < options.loads + 2; i++) {
          const tab = await context.newPage()
          if (options.phone) {
            const cdp = await context.newCDPSession(tab)
            await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN })
          }
          const done = pageDone(tab, 15_000)
          await tab.goto(`${origin}/`)
          await done
          const { ttw, error, signerWait, names } = await tab.evaluate(() => {
            const g = globalThis as {
              __ttw?: number
              __ttwError?: string
              __ttwSigner?: number
              __ttwCalls?: string
            }
            return {
              ttw: g.__ttw,
              error: g.__ttwError,
              signerWait: g.__ttwSigner ?? 0,
              names: g.__ttwCalls ?? '',
            }
          })
          await tab.close()
          if (ttw === undefined) throw new Error(`the widget failed to load: ${error}`)
          if (i >= 2) {
            samples.push(ttw)
            signerWaits.push(signerWait)
            calls = names
          }
        }
        const sorted = [...samples].sort((a, b) => a - b)
        return {
          samples,
          median: percentile(sorted, 50),
          p90: percentile(sorted, 90),
          signerMedian: percentile(
            [...signerWaits].sort((a, b) => a - b),
            50,
          ),
          calls: calls.replace(/cs_[0-9a-f]+/g, ':id'),
        }
      } finally {
        await browser.close()
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length) - 1
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number
}
