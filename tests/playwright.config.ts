import { defineConfig, devices } from '@playwright/test'

// End-to-end tests in Debian's Chromium: Playwright cannot download its own browser here
// (TOOLCHAIN.md). The flags are the ones that work as root on this closed network.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-default-apps',
]

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The signer (sandbox mode) and the demo shop, started once on free ports (global-setup.ts).
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? '../.reports/playwright.json' }]],
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
})
