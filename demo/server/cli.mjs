import { generate } from 'lean-qr'
import { startDemo } from './start-demo.mjs'

/**
 * The demo as a command: `node demo/serve.mjs` in a checkout, `node dist/demo.mjs` in the signer's
 * image (docs/deploy.md, "The demo from the image"). Configured by the environment: DEMO_PORT and
 * SIGNER_PORT (default 5173 and 8787), HOST (the address both listen on; 0.0.0.0 for other devices),
 * PUBLIC_HOST (the address shoppers' browsers use, when HOST does not tell it), DEMO_DATA_DIR, and
 * DEMO_SIGNER_LOG=inherit to see the signer's log here. Prints the addresses (and a QR code for a
 * phone) and stops both servers on SIGINT or SIGTERM.
 */

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

/**
 * @param {{ runtime?: import('./start-demo.mjs').DemoRuntime, dataDir?: string, publicHost?: string }} [defaults]
 *   what the environment does not set (the image gives its own runtime, data folder and address)
 */
export async function runDemo(defaults = {}) {
  const env = process.env
  let demo
  try {
    demo = await startDemo({
      demoPort: port('DEMO_PORT', 5173),
      signerPort: port('SIGNER_PORT', 8787),
      quiet: env.DEMO_SIGNER_LOG !== 'inherit',
      ...(defaults.runtime ? { runtime: defaults.runtime } : {}),
      ...((env.DEMO_DATA_DIR ?? defaults.dataDir)
        ? { dataDir: env.DEMO_DATA_DIR ?? defaults.dataDir }
        : {}),
      ...(env.HOST ? { host: env.HOST } : {}),
      ...(env.PUBLIC_HOST || defaults.publicHost
        ? { publicHost: env.PUBLIC_HOST || defaults.publicHost }
        : {}),
    })
  } catch (err) {
    console.error(`The demo could not start: ${err instanceof Error ? err.message : err}`)
    process.exit(1)
  }
  console.log('')
  console.log(`  Demo shop:  ${demo.demoUrl}`)
  console.log(`  Merchant:   ${demo.consoleUrl}/?demo  (the console, as the sandbox's demo owner)`)
  console.log(
    `  Shop log:   ${demo.demoUrl}/merchant  (webhooks the shop received, gateway exchanges)`,
  )
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
