import { defineConfig, devices } from '@playwright/test'
import { chromiumLaunchOptions } from '../scripts/chromium.mjs'

// End-to-end tests in Debian's Chromium (scripts/chromium.mjs).

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The signer (sandbox mode) and the demo shop, started once on free ports (global-setup.ts).
  globalSetup: './global-setup.ts',
  // A `.only` left in a spec fails the run, locally as in CI (scripts/run-tests.mjs passes the flag too).
  forbidOnly: true,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? '../.reports/playwright.json' },
    ],
  ],
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: chromiumLaunchOptions,
  },
})
