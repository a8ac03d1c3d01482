import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import {
  createSandbox,
  RETURN_CODES,
  SANDBOX_SECRET,
  SANDBOX_USER_KEY,
  type Sandbox,
} from '@eftpay/sandbox'
import { type ServerType, serve } from '@hono/node-server'
import { createApp } from '../../src/app.js'
import { sandboxAppleValidator } from '../../src/apple-pay/merchant-validation.js'
import { type Catalog, emptyCatalog } from '../../src/catalog/catalog.js'
import { type Config, parseGatewaySettings } from '../../src/config/index.js'
import { WALLETS } from '../../src/contract/vocabulary.js'
import { createPaymentsService } from '../../src/domain/payments-service.js'
import { createGatewayClient } from '../../src/gateway/client.js'
import { GatewayError } from '../../src/gateway/gateway-error.js'
import { createLogger } from '../../src/observability/logger.js'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'
import { startWebhookDispatcher, type WebhookDispatcher } from '../../src/webhooks/dispatcher.js'
import { verifyWebhook } from '../../src/webhooks/verify-webhook.js'
import { databaseUrlFor, dropTestDatabase } from '../postgres/test-store.js'

/**
 * The real signer (createApp over the real payments service, SQLite file, webhook dispatcher) in
 * front of the sandbox running as a separate HTTP server, i.e. an external gateway the tests can
 * make slow, broken or lying through the sandbox's fault injection. The gateway timeout is short
 * (1.5 s, generous for a busy machine) so "slower than the timeout" costs the tests little. One movable clock for both sides:
 * the reconciler's 30 s wait is crossed by `advance`, not by sleeping.
 */

export const API_KEY = 'sk_faults_test_0123456789abcdef0123'
export const SHOP = 'http://127.0.0.1:5173'
export const WEBHOOK_SECRET = 'whsec_faults_test_0123456789abcdef'
export const GATEWAY_TIMEOUT_MS = 1500
const PHONE = { os: 'ios', mobile: true, in_app: 'none' }

function listen(
  fetch: (r: Request) => Response | Promise<Response>,
): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
      resolve({ server, url: `http://127.0.0.1:${info.port}` }),
    )
  })
}
const close = (server: ServerType | Server) =>
  new Promise<void>((resolve) => server.close(() => resolve()))

/** The merchant's webhook endpoint; `up` decides whether it accepts (2xx) or is down (503). */
export async function webhookEndpoint() {
  const accepted: Array<{ id: string; type: string }> = []
  let calls = 0
  let up = true
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      calls += 1
      if (!up) return void res.writeHead(503).end()
      const event = verifyWebhook({
        payload: Buffer.concat(chunks).toString('utf8'),
        header: req.headers['eftpay-signature'] as string,
        secret: WEBHOOK_SECRET,
      })
      accepted.push({ id: event.id, type: event.type })
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    accepted,
    calls: () => calls,
    setUp: (value: boolean) => void (up = value),
    close: () => close(server),
  }
}

export interface Fixture {
  url: string
  sandboxUrl: string
  db: Db
  sandbox: Sandbox
  service: ReturnType<typeof createPaymentsService>
  webhooks: WebhookDispatcher
  /** Every PreOrder `out_trade_no` the sandbox received, in order (orders it created or refused). */
  preOrders: string[]
  /** How many requests reached the signer's notify endpoint. */
  notifyCalls(): number
  advance(seconds: number): void
  faults(body: object): Promise<void>
  clearFaults(): Promise<void>
  /** The merchant backend creates a session. */
  createSession(amount?: string): Promise<{ id: string; client_secret: string }>
  /** The widget starts a payment; answers status and JSON as received. */
  startPayment(
    session: { id: string; client_secret: string },
    wallet?: string,
  ): Promise<{ status: number; body: Record<string, any> }>
  /** The merchant view of a session. */
  session(id: string): Promise<Record<string, any>>
  /** Does the sandbox hold an order with this out_trade_no? (asked with a clean query) */
  sandboxHas(outTradeNo: string): Promise<boolean>
  /** The shopper presses a button on the pay page. */
  press(payUrl: string, outcome: 'success' | 'fail' | 'cancel'): Promise<void>
  close(): Promise<void>
}

export async function startFixture(
  options: { webhookUrl?: string; notifySchedule?: number[]; catalog?: Catalog } = {},
): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'signer-faults-'))
  // A SQLite file, or its own Postgres schema when SIGNER_TEST_STORE=postgres.
  const databaseUrl = databaseUrlFor(join(dir, 'signer.db'))
  const db = await openDatabase(databaseUrl)
  let offset = 0
  const clock = () => new Date(Date.now() + offset)

  // The gateway: the sandbox alone on its own port, recording PreOrder numbers as they arrive.
  const preOrders: string[] = []
  let sandbox: Sandbox | undefined
  const gatewaySide = await listen(async (request) => {
    const url = new URL(request.url)
    url.pathname = url.pathname.replace(/^\/sandbox/, '') || '/'
    if (url.pathname.endsWith('/JSAPIService.do')) {
      const text = await request.clone().text()
      try {
        const body = JSON.parse(text) as Record<string, string>
        if (body.service?.endsWith('PreOrder') && body.out_trade_no)
          preOrders.push(body.out_trade_no)
      } catch {
        // not JSON: the sandbox refuses it
      }
    }
    return (sandbox as Sandbox).app.fetch(new Request(url, request))
  })
  const sandboxUrl = `${gatewaySide.url}/sandbox`

  let app: ReturnType<typeof createApp> | undefined
  let notifyCalls = 0
  const signerSide = await listen((request) => {
    if (new URL(request.url).pathname === '/v1/gateway/notify') notifyCalls += 1
    return app ? app.fetch(request) : new Response('starting', { status: 503 })
  })
  sandbox = createSandbox({
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock,
    publicUrl: sandboxUrl,
    notifyRetryScheduleMs: options.notifySchedule ?? [0, 100, 200],
    returnMethod: 'GET',
  })
  const gateway = createGatewayClient({
    // The sandbox's documented "no such order" status (gateway/settings.ts).
    settings: parseGatewaySettings({}, 'sandbox', []),
    baseUrl: `${sandboxUrl}/VMP`,
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock,
    timeoutMs: GATEWAY_TIMEOUT_MS,
    queryRetries: 0,
  })
  // A separate clean client for the tests' own questions to the gateway.
  const checker = createGatewayClient({
    // The sandbox's documented "no such order" status (gateway/settings.ts).
    settings: parseGatewaySettings({}, 'sandbox', []),
    baseUrl: `${sandboxUrl}/VMP`,
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock,
    timeoutMs: 10_000,
  })
  const quiet = new Writable({ write: (_c, _e, done) => done() })
  const logger = createLogger({ level: 'silent', destination: quiet })
  const service = createPaymentsService({
    db,
    gateway,
    clock,
    secret: SANDBOX_SECRET,
    userKey: SANDBOX_USER_KEY,
    publicUrl: signerSide.url,
  })
  const config: Config = {
    mode: 'live',
    port: 0,
    host: '127.0.0.1',
    publicUrl: signerSide.url,
    gatewayUrl: `${sandboxUrl}/VMP`,
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    previousSecrets: [],
    apiKey: API_KEY,
    apiKeyIsDefault: false,
    allowedOrigins: [SHOP],
    wallets: [...WALLETS],
    databaseUrl: 'sqlite:unused',
    applePay: { enabled: false, merchantId: 'merchant.hk.test' },
    googlePay: {
      enabled: false,
      gatewayMerchantId: 'eftpay-sandbox',
      cardNetworks: ['VISA', 'MASTERCARD', 'AMEX'],
      authMethods: ['PAN_ONLY', 'CRYPTOGRAM_3DS'],
    },
    merchantName: 'Faults Tea House',
    rateLimitPerMinute: 1_000_000,
    trustProxy: false,
    sessionLifetimeSeconds: 1800,
    needsAttentionAfterHours: 72,
    consoleHost: '127.0.0.1',
    consoleIdleMinutes: 30,
    consoleSessionHours: 12,
    logLevel: 'silent',
  }
  app = createApp({
    config,
    service,
    clock,
    logger,
    catalog: options.catalog ?? emptyCatalog(),
    appleValidator: sandboxAppleValidator({
      merchantId: 'merchant.hk.test',
      displayName: 'x',
      clock,
    }),
  })
  const webhooks = startWebhookDispatcher({
    db,
    ...(options.webhookUrl ? { url: options.webhookUrl } : {}),
    secret: WEBHOOK_SECRET,
    clock,
    intervalMs: 50,
    baseBackoffMs: 50,
    maxBackoffMs: 200,
  })

  const api = async (path: string, init: { body?: unknown; key?: boolean } = {}) => {
    const res = await fetch(`${signerSide.url}${path}`, {
      method: init.body === undefined ? 'GET' : 'POST',
      headers: {
        'content-type': 'application/json',
        origin: SHOP,
        ...(init.key === false ? {} : { authorization: `Bearer ${API_KEY}` }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    })
    return { status: res.status, body: (await res.json()) as Record<string, any> }
  }
  const sandboxCall = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${sandboxUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    if (res.status !== 200) throw new Error(`sandbox ${path}: ${res.status} ${await res.text()}`)
    await res.arrayBuffer()
  }

  return {
    url: signerSide.url,
    sandboxUrl,
    db,
    sandbox,
    service,
    webhooks,
    preOrders,
    notifyCalls: () => notifyCalls,
    advance: (seconds) => void (offset += seconds * 1000),
    faults: (body) => sandboxCall('POST', '/faults', body),
    clearFaults: () => sandboxCall('DELETE', '/faults'),
    async createSession(amount = '88.00') {
      const res = await api('/v1/sessions', {
        body: {
          amount,
          currency: 'HKD',
          subject: 'Faults',
          success_url: `${SHOP}/ok`,
          cancel_url: `${SHOP}/no`,
        },
      })
      if (res.status !== 201)
        throw new Error(`create session: ${res.status} ${JSON.stringify(res.body)}`)
      return res.body as { id: string; client_secret: string }
    },
    startPayment: (session, wallet = 'ALIPAYHK') =>
      api(`/v1/sessions/${session.id}/payments`, {
        key: false,
        body: { client_secret: session.client_secret, wallet, device: PHONE, lang: 'en' },
      }),
    async session(id) {
      const res = await api(`/v1/sessions/${id}`)
      if (res.status !== 200) throw new Error(`get session: ${res.status}`)
      return res.body
    },
    async sandboxHas(outTradeNo) {
      try {
        await checker.query({ querytype: 'OUT_TRADE', out_trade_no: outTradeNo })
        return true
      } catch (error) {
        // Only the gateway's "no such order" means absent; a timeout, a bad signature or any other
        // error must not read as "never placed" (it would hide an order the signer lost track of).
        if (isOrderNotFound(error)) return false
        throw error
      }
    },
    async press(payUrl, outcome) {
      const res = await fetch(payUrl, {
        method: 'POST',
        body: new URLSearchParams({ outcome }),
        redirect: 'manual',
      })
      await res.arrayBuffer()
      if (res.status !== 303 && res.status !== 200)
        throw new Error(`press ${outcome}: ${res.status}`)
    },
    async close() {
      await webhooks.stop()
      sandbox?.close()
      await close(signerSide.server)
      await close(gatewaySide.server)
      await db.close()
      await dropTestDatabase(databaseUrl)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The gateway's answer for an order it does not hold (typed, or the documented return status). */
export function isOrderNotFound(error: unknown): boolean {
  if (!(error instanceof GatewayError)) return false
  return (
    error.kind === 'order-not-found' ||
    (error.kind === 'rejected' && error.returnStatus === RETURN_CODES.ORDER_NOT_FOUND)
  )
}
