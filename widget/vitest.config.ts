import { playwright } from '@vitest/browser-playwright'
import { defineProject } from 'vitest/config'

// Component tests run in Debian's Chromium (Playwright cannot download its own browser here).
export default defineProject({
  test: {
    name: 'widget',
    include: ['src/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--disable-quic',
            '--no-first-run',
            '--disable-default-apps',
          ],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
})
