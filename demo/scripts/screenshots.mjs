#!/usr/bin/env node
/**
 * Refreshes the README's two screenshots of the demo shop: `docs/screenshots/desktop.png`
 * (1280×800) and `docs/screenshots/phone.png` (390×844, a phone's user agent). Starts the demo on
 * free ports with a throw-away data folder, drives Debian's Chromium with Playwright, and stops.
 *
 *   node demo/scripts/screenshots.mjs      (build the widget first: pnpm --filter @eftpay/button build)
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, devices } from 'playwright'
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs'
import { startDemo } from '../serve.mjs'

const OUT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url))
const CHROMIUM_ARGS = [...chromiumArgs, '--hide-scrollbars']

/** Opens the shop with two dishes in the cart and waits until the widget shows its wallets. */
async function shoot(browser, demoUrl, contextOptions, file) {
  const context = await browser.newContext({
    ...contextOptions,
    colorScheme: 'light',
    reducedMotion: 'reduce',
  })
  await context.addInitScript(() => {
    localStorage.setItem('lokwah-demo-cart', JSON.stringify({ 'milk-tea': 2, 'egg-tart': 2 }))
    localStorage.setItem('lokwah-demo-lang', 'en')
    localStorage.setItem('lokwah-demo-theme', 'light')
  })
  const page = await context.newPage()
  await page.goto(demoUrl)
  await page.locator('#menu-grid li').first().waitFor()
  try {
    await page.locator('#set-button [part="wallet"]').first().waitFor({ timeout: 15_000 })
  } catch {
    console.warn(`${file}: the widget showed no wallet (is widget/dist/eftpay-button.js built?)`)
  }
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: join(OUT_DIR, file) })
  await context.close()
  const kb = Math.round(statSync(join(OUT_DIR, file)).size / 1024)
  console.log(`wrote docs/screenshots/${file} (${kb} kB)`)
}

const dataDir = mkdtempSync(join(tmpdir(), 'eftpay-demo-shots-'))
const demo = await startDemo({ demoPort: 0, signerPort: 0, dataDir, quiet: true })
const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS })
try {
  mkdirSync(OUT_DIR, { recursive: true })
  await shoot(browser, demo.demoUrl, { viewport: { width: 1280, height: 800 } }, 'desktop.png')
  const { defaultBrowserType: _, ...iPhone } = devices['iPhone 13']
  await shoot(
    browser,
    demo.demoUrl,
    { ...iPhone, viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 },
    'phone.png',
  )
} finally {
  await browser.close()
  await demo.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
