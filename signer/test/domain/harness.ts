import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSandbox, SANDBOX_SECRET, SANDBOX_USER_KEY, type Sandbox } from '@eftpay/sandbox'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { parseGatewaySettings } from '../../src/config/index.js'
import type { Device, WalletCode } from '../../src/contract/vocabulary.js'
import {
  createPaymentsService,
  type PaymentsServiceDeps,
} from '../../src/domain/payments-service.js'
import type { PaymentRecord } from '../../src/domain/types.js'
import { createGatewayClient, type GatewayClient } from '../../src/gateway/client.js'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'
import { databaseUrlFor, dropTestDatabase } from '../postgres/test-store.js'

/**
 * A real signer core over real HTTP against the sandbox: a SQLite file in the OS temp folder, a
 * Hono server on 127.0.0.1 (ephemeral port) with the sandbox mounted and the two gateway-facing
 * addresses wired to the service, and a manual clock shared by both sides.
 */

export const PHONE: Device = { os: 'ios', mobile: true, in_app: 'none' }
export const DESKTOP: Device = { os: 'others', mobile: false, in_app: 'none' }

export class ManualClock {
  now: Date
  constructor(start = '2026-11-21T04:00:00.000Z') {
    this.now = new Date(start)
  }
  readonly read = () => new Date(this.now.getTime())
  advance(seconds: number) {
    this.now = new Date(this.now.getTime() + seconds * 1000)
  }
}

export function tempDbPath(): { path: string; url: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'eftpay-core-'))
  const path = join(dir, 'data', 'signer.db')
  // SQLite file, or its own Postgres schema when SIGNER_TEST_STORE=postgres (test/postgres/test-store.ts).
  return {
    path,
    url: databaseUrlFor(path),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export interface Harness {
  db: Db
  dbUrl: string
  clock: ManualClock
  sandbox: Sandbox
  gateway: GatewayClient
  publicUrl: string
  service: ReturnType<typeof createPaymentsService>
  /** Opens the same db file again and builds a new service on it (a "restart"). */
  restart(): Promise<void>
  /** The shopper's choice on the hosted pay page; waits for the notification to be delivered. */
  pay(payment: PaymentRecord, outcome: 'success' | 'fail' | 'cancel'): Promise<Response>
  faults(body: object): Promise<void>
  clearFaults(): Promise<void>
  sandboxOrder(eftTradeNo: string): Promise<Record<string, unknown>>
  /** Every call that reached the gateway (the sandbox), in order: servlet, service and body. */
  gatewayCalls: GatewayCall[]
  /** The distinct `out_trade_no`s of PreOrder calls the gateway received. */
  preOrderNumbers(): string[]
  close(): Promise<void>
}

export interface GatewayCall {
  servlet: string
  service?: string
  body: Record<string, string>
}

export async function startHarness(
  options: {
    deps?: Partial<PaymentsServiceDeps>
    timeoutMs?: number
    /** How long (on the manual clock) the sandbox keeps a refund TRADE_PROCESSING; default 0. */
    refundDelayMs?: number
    /** Wraps the real gateway client the service uses (to make one call answer differently). */
    wrapGateway?: (real: GatewayClient) => GatewayClient
  } = {},
): Promise<Harness> {
  const clock = new ManualClock()
  const temp = tempDbPath()
  let db = await openDatabase(temp.url)
  const app = new Hono()
  let service: ReturnType<typeof createPaymentsService> | undefined
  let sandbox: Sandbox | undefined

  app.post('/v1/gateway/notify', async (c) => {
    const outcome = await (service as NonNullable<typeof service>).handleNotification(
      await c.req.json(),
    )
    return c.json(outcome.ack, outcome.status)
  })
  app.on(['GET', 'POST'], '/v1/gateway/return/:id', async (c) => {
    const form =
      c.req.method === 'POST'
        ? ((await c.req.parseBody()) as Record<string, unknown>)
        : c.req.query()
    const destination = await (service as NonNullable<typeof service>).handleReturn(
      c.req.param('id'),
      form,
    )
    if (!destination) return c.text('not found', 404)
    return c.redirect(destination, 303)
  })
  const gatewayCalls: GatewayCall[] = []
  app.all('/sandbox/*', async (c) => {
    const url = new URL(c.req.url)
    url.pathname = url.pathname.replace(/^\/sandbox/, '') || '/'
    const servlet = /\/Servlet\/([A-Za-z]+\.do)$/.exec(url.pathname)?.[1]
    if (servlet && c.req.method === 'POST') {
      try {
        const body = JSON.parse(await c.req.raw.clone().text()) as Record<string, string>
        gatewayCalls.push({ servlet, service: body.service, body })
      } catch {
        gatewayCalls.push({ servlet, body: {} })
      }
    }
    return (sandbox as Sandbox).app.fetch(new Request(url, c.req.raw))
  })

  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const publicUrl = `http://127.0.0.1:${port}`
  sandbox = createSandbox({
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock: clock.read,
    publicUrl: `${publicUrl}/sandbox`,
    notifyRetryScheduleMs: [0],
    returnMethod: 'GET',
    refundDelayMs: options.refundDelayMs ?? 0,
  })
  const gateway = createGatewayClient({
    // The sandbox's documented "no such order" status (gateway/settings.ts).
    settings: parseGatewaySettings({}, 'sandbox', []),
    baseUrl: `${publicUrl}/sandbox/VMP`,
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    clock: clock.read,
    timeoutMs: options.timeoutMs ?? 5_000,
    queryRetries: 0,
  })
  const build = () =>
    createPaymentsService({
      db,
      gateway: options.wrapGateway ? options.wrapGateway(gateway) : gateway,
      clock: clock.read,
      secret: SANDBOX_SECRET,
      userKey: SANDBOX_USER_KEY,
      publicUrl,
      ...options.deps,
    })
  service = build()

  const harness: Harness = {
    get db() {
      return db
    },
    dbUrl: temp.url,
    clock,
    sandbox,
    gateway,
    publicUrl,
    get service() {
      return service as NonNullable<typeof service>
    },
    async restart() {
      await db.close()
      db = await openDatabase(temp.url)
      service = build()
    },
    async pay(payment, outcome) {
      const response = await fetch(`${publicUrl}/sandbox/pay/${payment.eftTradeNo}`, {
        method: 'POST',
        body: new URLSearchParams({ outcome }),
        redirect: 'manual',
      })
      await (sandbox as Sandbox).idle()
      return response
    },
    async faults(body) {
      const response = await fetch(`${publicUrl}/sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (!response.ok) throw new Error(`faults refused: ${await response.text()}`)
    },
    async clearFaults() {
      await fetch(`${publicUrl}/sandbox/faults`, { method: 'DELETE' })
    },
    async sandboxOrder(eftTradeNo) {
      return (await (await fetch(`${publicUrl}/sandbox/orders/${eftTradeNo}`)).json()) as Record<
        string,
        unknown
      >
    },
    gatewayCalls,
    preOrderNumbers: () => [
      ...new Set(
        gatewayCalls
          .filter((call) => call.service?.endsWith('PreOrder'))
          .map((call) => call.body.out_trade_no as string),
      ),
    ],
    async close() {
      ;(sandbox as Sandbox).close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
      })
      await db.close()
      await dropTestDatabase(temp.url)
      temp.cleanup()
    },
  }
  return harness
}

/** A session with sensible defaults. */
export function newSession(
  h: Harness,
  overrides: Partial<Parameters<Harness['service']['createSession']>[0]> = {},
) {
  return h.service.createSession({
    amount: '128.00',
    currency: 'HKD',
    subject: 'Tea for two',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    ...overrides,
  })
}

/** Starts a payment of a session (ALIPAYHK on a phone unless told otherwise) and returns it. */
export async function startPaying(
  h: Harness,
  sessionId: string,
  wallet: WalletCode = 'ALIPAYHK',
  device: Device = PHONE,
) {
  return (await h.service.startPayment({ sessionId, wallet, device })).payment
}

/**
 * A session paid twice: ALIPAYHK and then WECHATHK started on a phone, both paid, so the second
 * success is a duplicate (refunded automatically).
 */
export async function payTwice(h: Harness, overrides: Parameters<typeof newSession>[1] = {}) {
  const session = await newSession(h, overrides)
  const first = await startPaying(h, session.id, 'ALIPAYHK')
  const duplicate = await startPaying(h, session.id, 'WECHATHK')
  await h.pay(first, 'success')
  await h.pay(duplicate, 'success')
  return { session, first, duplicate }
}
