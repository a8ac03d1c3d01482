import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright'
import { startDemo } from '../../demo/serve.mjs'
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs'
import { DONE_MESSAGE, pageDone, percentile } from './time-to-wallets.js'

/**
 * The demo shop's home page as a shopper loads it: a fresh browser context per load (empty cache,
 * no service worker), `page.goto` like typing the address, and the clock is the page's own
 * `performance.now()`, which starts at navigation start. The catalog-style button (`#set-button`)
 * is a plain tag in the page, so this is the whole chain: HTML, the page's and the widget's
 * scripts, the widget's requests to the signer (a real process in sandbox mode), its render.
 *
 * Per load, from navigation start: when the widget's script had arrived, when its first request to
 * the signer started, when the signer's last answer arrived, when the first wallet was clickable
 * (in the shadow DOM, laid out, not aria-disabled), and the bytes on the wire (headers included,
 * from the DevTools protocol) of every response that had finished by then.
 */

export interface DemoLoad {
  widgetScriptMs: number
  firstSignerRequestMs: number
  lastSignerAnswerMs: number
  clickableMs: number
  bytesBeforeClickable: number
  requestsBeforeClickable: number
}

export interface DemoFigures {
  loads: DemoLoad[]
  /** Medians over the loads. */
  clickableMs: number
  afterSignerMs: number
  widgetScriptMs: number
  firstSignerRequestMs: number
  lastSignerAnswerMs: number
  bytesBeforeClickable: number
  requestsBeforeClickable: number
}

/** Set up before the page's own scripts: records when the set button's first wallet is clickable. */
export const WATCH = `(() => {
  const clickable = (el) => {
    const b = el.shadowRoot && el.shadowRoot.querySelector('button[part~="wallet"]')
    return !!b && b.getAttribute('aria-disabled') !== 'true' && b.getClientRects().length > 0
  }
  customElements.whenDefined('eftpay-button').then(() => {
    const el = document.getElementById('set-button')
    if (!el || !el.shadowRoot) return
    const check = () => {
      if (window.__clickable === undefined && clickable(el)) {
        window.__clickable = performance.now()
        observer.disconnect()
        console.debug(${JSON.stringify(DONE_MESSAGE)})
      }
    }
    const observer = new MutationObserver(check)
    observer.observe(el.shadowRoot, { childList: true, subtree: true, attributes: true })
    check()
  })
})()`

async function oneLoad(page: Page, demoUrl: string, signerUrl: string): Promise<DemoLoad> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  const urls = new Map<string, string>()
  const finished: Array<{ url: string; bytes: number }> = []
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url))
  cdp.on('Network.loadingFinished', (e) =>
    finished.push({ url: urls.get(e.requestId) ?? '', bytes: e.encodedDataLength }),
  )
  // Not page.waitForFunction: Playwright's injected script would run in the page meanwhile.
  const done = pageDone(page, 20_000)
  await page.goto(`${demoUrl}/`)
  await done
  const timing = await page.evaluate((signer) => {
    const clickable = (globalThis as { __clickable?: number }).__clickable ?? Number.NaN
    const entries = performance.getEntriesByType('resource') as unknown as Array<{
      name: string
      startTime: number
      responseEnd: number
    }>
    const calls = entries.filter((e) => e.name.startsWith(signer))
    const widget = entries.find((e) => e.name.includes('/widget/eftpay-button.js'))
    return {
      clickable,
      widgetScript: widget?.responseEnd ?? Number.NaN,
      firstSigner: Math.min(...calls.map((e) => e.startTime)),
      lastSigner: Math.max(
        ...calls.filter((e) => e.startTime < clickable).map((e) => e.responseEnd),
      ),
      // Responses complete before the wallets were clickable (the document counts: it is first).
      done: entries.filter((e) => e.responseEnd <= clickable).map((e) => e.name),
    }
  }, signerUrl)
  await cdp.detach()
  // Bytes on the wire of the document and each finished resource, matched by URL in order.
  const pool = [...finished]
  let bytes = 0
  let requests = 0
  for (const url of [`${demoUrl}/`, ...timing.done]) {
    const at = pool.findIndex((f) => f.url === url)
    if (at < 0) continue
    bytes += pool[at]?.bytes ?? 0
    requests += 1
    pool.splice(at, 1)
  }
  return {
    widgetScriptMs: timing.widgetScript,
    firstSignerRequestMs: timing.firstSigner,
    lastSignerAnswerMs: timing.lastSigner,
    clickableMs: timing.clickable,
    bytesBeforeClickable: bytes,
    requestsBeforeClickable: requests,
  }
}

/** Starts the demo (its own signer in sandbox mode, a fresh data folder), loads its home page. */
export async function measureDemoLoads(loads: number): Promise<DemoFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eftpay-bench-demo-'))
  const demo = await startDemo({ demoPort: 0, signerPort: 0, dataDir, quiet: true })
  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    const results: DemoLoad[] = []
    // One unmeasured load first: the demo server's and the signer's code is cold.
    for (let i = 0; i < loads + 1; i++) {
      const context = await browser.newContext()
      await context.addInitScript(WATCH)
      try {
        const load = await oneLoad(await context.newPage(), demo.demoUrl, demo.signerUrl)
        if (i > 0) results.push(load)
      } finally {
        await context.close()
      }
    }
    const median = (pick: (l: DemoLoad) => number) =>
      percentile(
        results.map(pick).sort((a, b) => a - b),
        50,
      )
    return {
      loads: results,
      clickableMs: median((l) => l.clickableMs),
      afterSignerMs: median((l) => l.clickableMs - l.lastSignerAnswerMs),
      widgetScriptMs: median((l) => l.widgetScriptMs),
      firstSignerRequestMs: median((l) => l.firstSignerRequestMs),
      lastSignerAnswerMs: median((l) => l.lastSignerAnswerMs),
      bytesBeforeClickable: median((l) => l.bytesBeforeClickable),
      requestsBeforeClickable: median((l) => l.requestsBeforeClickable),
    }
  } finally {
    await browser.close()
    await demo.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
