#!/usr/bin/env node
/**
 * The demo, started by the README's first command (`npm start` → scripts/demo.sh → this file):
 * the signer in sandbox mode on http://127.0.0.1:8787 and the demo shop on http://127.0.0.1:5173.
 * No account, no configuration. Ports can be moved with DEMO_PORT and SIGNER_PORT; HOST=0.0.0.0
 * serves it to a phone on the same network and prints the address as a QR code to scan.
 *
 * Also importable: `import { startDemo } from './demo/serve.mjs'` →
 * `startDemo({ demoPort, signerPort, dataDir, quiet }) → { demoUrl, signerUrl, stop() }`.
 */
import { pathToFileURL } from 'node:url'
import { generate } from 'lean-qr'
import { startDemo } from './server/start-demo.mjs'

export { freePort } from '../scripts/free-port.mjs'
export { DEMO_API_KEY, DEMO_WEBHOOK_SECRET, startDemo } from './server/start-demo.mjs'

function port(name, fallback) {
  const value = process.env[name]
  if (value === undefined || value === '') return fallback
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    console.error(`${name} must be a port number (0-65535), not "${value}"`)
    process.exit(2)
  }
  return Number(value)
}

/** The URL as a QR code drawn with block characters (two columns per module, a quiet zone round it). */
function qrForTerminal(url) {
  return generate(url).toString({
    on: '\u001b[40m  \u001b[0m',
    off: '\u001b[47m  \u001b[0m',
    padX: 2,
    padY: 2,
  })
}

async function main() {
  let demo
  try {
    demo = await startDemo({
      demoPort: port('DEMO_PORT', 5173),
      signerPort: port('SIGNER_PORT', 8787),
      ...(process.env.DEMO_DATA_DIR ? { dataDir: process.env.DEMO_DATA_DIR } : {}),
      quiet: process.env.DEMO_SIGNER_LOG !== 'inherit',
      ...(process.env.HOST ? { host: process.env.HOST } : {}),
    })
  } catch (err) {
    console.error(`The demo could not start: ${err instanceof Error ? err.message : err}`)
    process.exit(1)
  }
  console.log('')
  console.log(`  Demo shop:  ${demo.demoUrl}`)
  console.log(`  Merchant:   ${demo.demoUrl}/merchant`)
  console.log(`  Signer:     ${demo.signerUrl}  (SANDBOX mode: no real money moves)`)
  console.log(`  Signer log: ${demo.dataDir}/signer.log`)
  if (!new URL(demo.demoUrl).hostname.startsWith('127.')) {
    console.log('')
    console.log(`  On a phone on the same network: ${demo.demoUrl}`)
    console.log(qrForTerminal(demo.demoUrl))
  }
  console.log('')
  console.log('  Press Ctrl-C to stop.')
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    await demo.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
