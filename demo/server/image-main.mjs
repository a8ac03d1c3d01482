import { createWriteStream } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
// Resolved to the image's own dist/signer.mjs at run time, not bundled twice (signer/scripts/bundle.mjs).
import { startSigner } from '../../signer/src/main.ts'
import { verifyWebhook } from '../../signer/src/webhooks/verify-webhook.ts'
import { runDemo } from './cli.mjs'

/**
 * The demo in the signer's image: `node dist/demo.mjs` (docs/deploy.md, "The demo from the
 * image"), bundled by signer/scripts/bundle.mjs --demo beside the shop's files in dist/demo/. The
 * signer runs in this process from the image's own bundle, in sandbox mode; the data (SQLite, the
 * demo's orders) goes to /data/demo, the image's writable volume. Browsers reach it at 127.0.0.1
 * unless PUBLIC_HOST names the server's address on the network.
 */

const dist = dirname(fileURLToPath(import.meta.url))
const files = join(dist, 'demo')

await runDemo({
  dataDir: '/data/demo',
  publicHost: '127.0.0.1',
  runtime: {
    async startSigner(env, { port, logFile }) {
      const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined
      const signer = await startSigner({
        env: { ...process.env, ...env },
        ...(log ? { logDestination: log } : {}),
      })
      return {
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          await signer.close()
          log?.end()
        },
      }
    },
    webhookVerifier: async (secret) => (payload, header) =>
      verifyWebhook({ payload, header, secret }),
    catalogFile: join(files, 'catalog.json'),
    files: {
      publicDir: join(files, 'public'),
      pagesDir: join(files, 'pages'),
      widgetDir: join(dist, 'widget'),
    },
  },
})
