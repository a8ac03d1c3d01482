import { mkdirSync, writeFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { freePort } from '../../scripts/free-port.mjs'
import { startSignerProcess } from '../../scripts/node-process.mjs'
import { createDemoApp } from './app.mjs'
import { createOrderBook } from './orders.mjs'
import { readCatalog, shopProducts } from './products.mjs'
import { createSignerApi } from './signer-api.mjs'
import { loadWebhookVerifier } from './webhook-verifier.mjs'

/**
 * Starts the whole demo: the real signer in sandbox mode (a child process) and the demo shop in
 * front of it. Used by `demo/serve.mjs` (the README's first command), by the screenshot script and
 * by the end-to-end tests, which run it on free ports with a fresh data folder.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CATALOG_FILE = join(REPO_ROOT, 'signer', 'examples', 'catalog.json')

/**
 * Demo credentials for the signer's merchant API and webhooks. They protect nothing real (the
 * signer is in sandbox mode and listens on 127.0.0.1 only); they exist so the demo shows the real
 * flow: the key stays in this server, the browser never sees it.
 */
export const DEMO_API_KEY = 'sk_demo_lokwah_0f6c2d9e8b7a4f31a5c9'
export const DEMO_WEBHOOK_SECRET = 'whsec_demo_lokwah_7e21b04c93d85a6f'

/**
 * @typedef {object} DemoOptions
 * @property {number} [demoPort] default 5173; 0 picks a free port
 * @property {number} [signerPort] default 8787; 0 picks a free port
 * @property {string} [dataDir] the signer's database and the demo's order list (default `./data` at the repo root)
 * @property {boolean} [quiet] send the signer's log to `<dataDir>/signer.log` instead of this terminal
 * @property {Record<string, string>} [signerEnv] extra environment for the signer (tests)
 * @property {string} [host] the address both servers listen on (default 127.0.0.1); `0.0.0.0` serves
 *   the demo to other devices (a phone on the same network) at this machine's network address
 * @property {string} [publicHost] the address shoppers' browsers reach both servers at, when it is
 *   not the one `host` implies (a container's own address is not the one a phone can reach)
 * @property {DemoRuntime} [runtime] how the signer starts and where the shop's files are; by default
 *   from this checkout. The container's bundle passes its own (demo/server/image-main.mjs).
 */

/**
 * @typedef {object} DemoRuntime
 * @property {(env: Record<string, string>, options: { port: number, logFile?: string }) =>
 *   Promise<{ url: string, stop: () => Promise<void> }>} startSigner starts the signer in sandbox
 *   mode, configured by `env`, and resolves once it answers on 127.0.0.1:`port`
 * @property {(secret: string) => Promise<(payload: string, header: string | undefined) => Promise<any>>} webhookVerifier
 * @property {string} catalogFile the signer's example catalog, which prices the shop's products
 * @property {{ publicDir: string, pagesDir: string, widgetDir: string }} [files] the shop's static
 *   files, pages and the widget's build (default: their places in this checkout)
 */

/** The demo run from this checkout: the signer's TypeScript as a child process (through tsx). */
export const checkoutRuntime = {
  startSigner: (env, { port, logFile }) =>
    startSignerProcess({
      port,
      ...(logFile ? { logFile } : { output: 'inherit' }),
      env,
    }),
  webhookVerifier: loadWebhookVerifier,
  catalogFile: CATALOG_FILE,
}

/** This machine's first IPv4 address on a network (not loopback), for a phone to reach it. */
export function networkAddress() {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address
    }
  }
  return undefined
}

/**
 * @param {DemoOptions} [options]
 * @returns {Promise<{ demoUrl: string, signerUrl: string, consoleUrl: string, apiKey: string, webhookSecret: string, dataDir: string, stop: () => Promise<void> }>}
 */
export async function startDemo(options = {}) {
  const demoPort = options.demoPort === 0 ? await freePort() : (options.demoPort ?? 5173)
  const signerPort = options.signerPort === 0 ? await freePort() : (options.signerPort ?? 8787)
  // The merchant console (the demo's "Merchant view"): the signer's second listener, on this
  // computer only. Passkeys want a host name, so its address is localhost (docs/architecture.md).
  const consolePort = options.signerPort === 0 ? await freePort() : signerPort + 1
  const consoleUrl = `http://localhost:${consolePort}`
  const dataDir = resolve(options.dataDir ?? join(REPO_ROOT, 'data'))
  mkdirSync(dataDir, { recursive: true })
  const host = options.host ?? '127.0.0.1'
  const runtime = options.runtime ?? checkoutRuntime
  const loopback = host === '127.0.0.1' || host === 'localhost'
  // Listening on every interface: shoppers' devices reach both servers at the network address.
  const publicHost =
    options.publicHost ??
    (loopback ? '127.0.0.1' : host === '0.0.0.0' ? (networkAddress() ?? '127.0.0.1') : host)
  const demoUrl = `http://${publicHost}:${demoPort}`
  // Server to server, the signer calls the shop's backend over loopback where it listens there: a
  // container's published address need not lead back into the container.
  const webhookUrl = `${loopback || host === '0.0.0.0' ? `http://127.0.0.1:${demoPort}` : demoUrl}/webhooks/eftpay`
  const signerPublicUrl = `http://${publicHost}:${signerPort}`

  // The example catalog names no success or cancel page (the signer then sends the shopper back to
  // the page's own origin); the demo's copy sends them to the shop's own pages at this run's address.
  const catalog = readCatalog(runtime.catalogFile)
  const catalogFile = join(dataDir, 'catalog.json')
  writeFileSync(
    catalogFile,
    JSON.stringify(
      { ...catalog, success_url: `${demoUrl}/success`, cancel_url: `${demoUrl}/cancel` },
      null,
      2,
    ),
  )

  const signerProcess = await runtime.startSigner(
    {
      PORT: String(signerPort),
      HOST: host,
      CONSOLE_PORT: String(consolePort),
      PUBLIC_URL: signerPublicUrl,
      ALLOWED_ORIGINS: `${demoUrl},http://127.0.0.1:${demoPort},http://localhost:${demoPort}`,
      SIGNER_API_KEY: DEMO_API_KEY,
      CATALOG_FILE: catalogFile,
      DATABASE_URL: `sqlite:${join(dataDir, 'demo.db')}`,
      MERCHANT_WEBHOOK_URL: webhookUrl,
      MERCHANT_WEBHOOK_SECRET: DEMO_WEBHOOK_SECRET,
      MERCHANT_NAME: 'Lok Wah Tea House',
      APPLE_PAY_MERCHANT_ID: 'merchant.hk.lokwah.demo',
      // Every wallet, then Apple Pay and Google Pay (shown on Android phones and desktop Chrome).
      EFTPAY_WALLETS:
        'ALIPAYHK,ALIPAYCN,WECHATHK,WECHATCN,PAYME,OCT,BOCVMPUPI,UNIONPAY,ICBCWAP,MPGS,AE,APPLEPAY,GOOGLEPAY',
      // Never EFTPAY_GATEWAY_URL: without it the signer runs against its built-in sandbox.
      EFTPAY_GATEWAY_URL: '',
      ...options.signerEnv,
    },
    { port: signerPort, ...(options.quiet ? { logFile: join(dataDir, 'signer.log') } : {}) },
  )

  let server
  try {
    const verifyWebhook = await runtime.webhookVerifier(DEMO_WEBHOOK_SECRET)
    const app = createDemoApp({
      ...runtime.files,
      // The address the shopper's browser uses; the demo server itself calls signerProcess.url.
      signerUrl: signerPublicUrl,
      signerPort,
      demoUrl,
      consoleUrl,
      products: shopProducts(catalog),
      signer: createSignerApi({ signerUrl: signerProcess.url, apiKey: DEMO_API_KEY }),
      orders: createOrderBook(join(dataDir, 'demo-orders.json')),
      verifyWebhook,
    })
    server = await new Promise((resolveServer, reject) => {
      const s = serve({ fetch: app.fetch, port: demoPort, hostname: host }, () => resolveServer(s))
      s.once('error', reject)
    })
  } catch (err) {
    await signerProcess.stop()
    throw err
  }

  let stopping
  return {
    demoUrl,
    signerUrl: signerPublicUrl,
    consoleUrl,
    apiKey: DEMO_API_KEY,
    webhookSecret: DEMO_WEBHOOK_SECRET,
    dataDir,
    stop() {
      stopping ??= Promise.all([
        new Promise((done) => {
          server.close(() => done(undefined))
          server.closeAllConnections?.()
        }),
        signerProcess.stop(),
      ]).then(() => undefined)
      return stopping
    },
  }
}
