#!/usr/bin/env node
/**
 * The demo, started by the README's first command (`npm start` → scripts/demo.sh → this file):
 * the signer in sandbox mode on http://127.0.0.1:8787 and the demo shop on http://127.0.0.1:5173.
 * No account, no configuration. Ports can be moved with DEMO_PORT and SIGNER_PORT; HOST=0.0.0.0
 * serves it to a phone on the same network and prints the address as a QR code to scan (all the
 * variables: server/cli.mjs).
 *
 * Also importable: `import { startDemo } from './demo/serve.mjs'` →
 * `startDemo({ demoPort, signerPort, dataDir, quiet }) → { demoUrl, signerUrl, stop() }`.
 */
import { pathToFileURL } from 'node:url'
import { runDemo } from './server/cli.mjs'

export { freePort } from '../scripts/free-port.mjs'
export { DEMO_API_KEY, DEMO_WEBHOOK_SECRET, startDemo } from './server/start-demo.mjs'

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runDemo()
