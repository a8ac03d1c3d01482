import { defineBrowserCommand, playwright } from '@vitest/browser-playwright'
import type { Plugin } from 'vite'
import { defineProject } from 'vitest/config'
import { chromiumLaunchOptions } from '../scripts/chromium.mjs'

/**
 * `@open-wc/testing` pulls in helpers written for @web/test-runner, which import
 * `/__web-dev-server__web-socket.js` (served only by that runner). Under Vitest's browser mode we
 * resolve it to an inert stub so the import succeeds (docs/development.md); the snapshot commands that
 * would use the socket are not used.
 */
function webDevServerSocketStub(): Plugin {
  const id = '\0wds-socket-stub'
  return {
    name: 'wds-socket-stub',
    enforce: 'pre',
    resolveId(source) {
      return source === '/__web-dev-server__web-socket.js' ? id : undefined
    },
    load(source) {
      if (source !== id) return undefined
      return [
        'export const webSocket = undefined',
        'export const webSocketOpened = Promise.resolve()',
        'export function sendMessage() {}',
        'export function sendMessageWaitForResponse() { return Promise.resolve(undefined) }',
      ].join('\n')
    },
  }
}

/** Lets a test emulate `prefers-reduced-motion` / `prefers-color-scheme` (Playwright's emulateMedia). */
const emulateMedia = defineBrowserCommand<
  [{ reducedMotion?: 'reduce' | 'no-preference'; colorScheme?: 'light' | 'dark' }]
>(async (ctx, media) => {
  await ctx.page.emulateMedia(media)
})

// Component tests run in Debian's Chromium (Playwright cannot download its own browser here).
export default defineProject({
  plugins: [webDevServerSocketStub()],
  // Lit's production build: its dev build warns on the console, and tests must print nothing.
  resolve: { conditions: ['module', 'browser', 'production'] },
  // The dependency optimizer bundles @open-wc/testing with its own plugin list: stub it there too.
  optimizeDeps: {
    include: [
      '@open-wc/testing',
      'lit',
      'lean-qr/nano',
      'react',
      'react-dom',
      'react-dom/client',
      '@lit/react',
    ],
    rolldownOptions: { plugins: [webDevServerSocketStub()] },
  },
  test: {
    name: 'widget',
    allowOnly: false,
    include: ['src/**/*.test.ts'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: chromiumLaunchOptions,
      }),
      instances: [{ browser: 'chromium' }],
      commands: { emulateMedia },
      // No screenshots written into the source tree on failure.
      screenshotFailures: false,
    },
  },
})
