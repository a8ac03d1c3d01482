import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startDemo } from '../demo/serve.mjs'

/**
 * Starts the real thing once for the whole end-to-end run: the signer in sandbox mode (a child
 * process, configured only by its environment) and the demo shop in front of it, on free ports
 * (never 5173/8787, where a person may have a demo running) with a fresh data folder. The test
 * runner has already built the widget. URLs reach the tests through the environment, which
 * Playwright passes on to its workers.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eftpay-e2e-'))
  const [demoPort, signerPort, plainPort] = [await freePort(), await freePort(), await freePort()]
  // A third origin the signer accepts: a plain HTML page with only the script tag (plain-page.spec.ts).
  const plainOrigin = `http://127.0.0.1:${plainPort}`
  const demo = await startDemo({
    demoPort,
    signerPort,
    dataDir,
    quiet: true,
    signerEnv: {
      ALLOWED_ORIGINS: `http://127.0.0.1:${demoPort},http://localhost:${demoPort},${plainOrigin}`,
    },
  })
  process.env.E2E_DEMO_URL = demo.demoUrl
  process.env.E2E_SIGNER_URL = demo.signerUrl
  process.env.E2E_API_KEY = demo.apiKey
  process.env.E2E_WEBHOOK_SECRET = demo.webhookSecret
  process.env.E2E_DATA_DIR = dataDir
  process.env.E2E_PLAIN_PORT = String(plainPort)
  return async () => {
    await demo.stop()
    // Keep the signer's log when asked, to read after a failure.
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true })
  }
}
