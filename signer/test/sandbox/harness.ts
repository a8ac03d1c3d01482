import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createSandbox,
  SANDBOX_SECRET,
  SANDBOX_USER_KEY,
  type Sandbox,
  type SandboxOptions,
} from '@eftpay/sandbox'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterEach } from 'vitest'
import {
  createGatewayClient,
  type GatewayClient,
  type GatewayClientOptions,
} from '../../src/gateway/client.js'
import { formatGatewayTime } from '../../src/gateway/hk-time.js'
import type { PreOrderRequest } from '../../src/gateway/messages.js'
import { signPayload } from '../../src/gateway/sign.js'

/**
 * Test harness: a sandbox served over real HTTP on 127.0.0.1 (ephemeral port), a clock the test
 * moves by hand, a typed client, a raw signed poster and a notification receiver.
 */

export interface ManualClock {
  (): Date
  advance(ms: number): void
}

/** A clock that only moves when told to. Starts at a fixed instant so tests are repeatable. */
export function manualClock(start = new Date('2026-11-21T04:00:00.000Z')): ManualClock {
  let now = start.getTime()
  const clock = (() => new Date(now)) as ManualClock
  clock.advance = (ms) => {
    now += ms
  }
  return clock
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export interface SandboxHarness {
  sandbox: Sandbox
  clock: ManualClock
  /** `http://127.0.0.1:<port>/sandbox` */
  sandboxUrl: string
  /** The gateway base a client uses: `${sandboxUrl}/VMP`. */
  gatewayUrl: string
  client(overrides?: Partial<GatewayClientOptions>): GatewayClient
  /** POSTs fields to a servlet, signed with the sandbox secret unless `sign` is given; returns the JSON reply. */
  raw(
    servlet: string,
    fields: Record<string, string>,
    secret?: string,
  ): Promise<Record<string, string>>
  /** Presses a button on the pay page. */
  pay(eftTradeNo: string, outcome: string, init?: RequestInit): Promise<Response>
  /** The sandbox's JSON view of an order. */
  order(eftTradeNo: string): Promise<Record<string, unknown>>
  faults(body: unknown): Promise<Response>
  /** `time` now, on the sandbox clock. */
  now(): string
  close(): Promise<void>
}

export async function startSandbox(options: Partial<SandboxOptions> = {}): Promise<SandboxHarness> {
  const clock = (options.clock as ManualClock | undefined) ?? manualClock()
  const root = new Hono()
  let sandbox: Sandbox | undefined
  const server = serve({
    fetch: (request) => root.fetch(request),
    port: 0,
    hostname: '127.0.0.1',
  }) as Server
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
  const port = (server.address() as AddressInfo).port
  const sandboxUrl = `http://127.0.0.1:${port}/sandbox`
  sandbox = createSandbox({
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    publicUrl: sandboxUrl,
    notifyRetryScheduleMs: [0, 20, 20],
    ...options,
    clock,
  })
  root.route('/sandbox', sandbox.app)
  const gatewayUrl = `${sandboxUrl}/VMP`
  const now = () => formatGatewayTime(clock())
  return {
    sandbox,
    clock,
    sandboxUrl,
    gatewayUrl,
    now,
    client: (overrides = {}) =>
      createGatewayClient({
        baseUrl: gatewayUrl,
        userKey: SANDBOX_USER_KEY,
        secret: SANDBOX_SECRET,
        clock,
        queryRetries: 0,
        ...overrides,
      }),
    async raw(servlet, fields, secret = SANDBOX_SECRET) {
      const body = fields.sign === undefined ? signPayload(fields, secret) : fields
      const response = await fetch(`${gatewayUrl}/Servlet/${servlet}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      return (await response.json()) as Record<string, string>
    },
    pay: (eftTradeNo, outcome, init = {}) =>
      fetch(`${sandboxUrl}/pay/${eftTradeNo}`, {
        method: 'POST',
        body: new URLSearchParams({ outcome }),
        redirect: 'manual',
        ...init,
      }),
    async order(eftTradeNo) {
      const response = await fetch(`${sandboxUrl}/orders/${eftTradeNo}`)
      return (await response.json()) as Record<string, unknown>
    },
    faults: (body) =>
      fetch(`${sandboxUrl}/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async close() {
      sandbox?.close()
      await closeServer(server)
    },
  }
}

export interface Received {
  body: Record<string, string>
  raw: string
}

export interface Receiver {
  url: string
  received: Received[]
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number): Promise<Received[]>
  close(): Promise<void>
}

/** A local HTTP server standing in for the merchant's notify_url. `answer` picks each reply. */
export async function startReceiver(
  answer: (received: Received, index: number) => { status?: number; body: string } = () => ({
    body: 'success',
  }),
): Promise<Receiver> {
  const received: Received[] = []
  const waiters: Array<{ count: number; resolve: (r: Received[]) => void }> = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      raw += chunk
    })
    req.on('end', () => {
      let body: Record<string, string> = {}
      try {
        body = JSON.parse(raw) as Record<string, string>
      } catch {
        // left empty: the test asserts on what arrived
      }
      const item = { body, raw }
      received.push(item)
      const reply = answer(item, received.length - 1)
      res.statusCode = reply.status ?? 200
      res.end(reply.body)
      for (const waiter of [...waiters]) {
        if (received.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(received.slice())
        }
      }
    })
  })
  const port = await listen(server)
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    waitFor: (count) =>
      received.length >= count
        ? Promise.resolve(received.slice())
        : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => closeServer(server),
  }
}

export type PreOrderInput = Omit<PreOrderRequest, 'user_confirm_key' | 'time'>

/** A PreOrder input for the typed client (defaults: AlipayHK WAP, HK$12.50, a fresh out_trade_no). */
export function preOrderInput(overrides: Partial<PreOrderInput> = {}): PreOrderInput {
  return {
    service: 'service.alipay.wap.PreOrder',
    transaction_amount: '12.50',
    out_trade_no: `T${Math.random().toString(36).slice(2, 14)}`,
    payType: 'Alipay',
    buyerType: 'ios',
    subject: 'Iron Buddha tea',
    wallet: 'ALIPAYHK',
    pay_scene: 'WAP',
    ...overrides,
  }
}

/**
 * For a test file: registers an `afterEach` that closes everything started, and returns `setup`,
 * which starts a sandbox (with options) and a notify receiver, or takes one the test started (it is
 * closed after the test too).
 */
export function useSandboxAndReceiver() {
  const open: Array<{ close(): Promise<void> }> = []
  afterEach(async () => {
    while (open.length) await open.pop()?.close()
  })
  return async (
    options: Partial<SandboxOptions> = {},
    receiver?: Receiver,
  ): Promise<{ h: SandboxHarness; r: Receiver }> => {
    const h = await startSandbox(options)
    open.push(h)
    const r = receiver ?? (await startReceiver())
    open.push(r)
    return { h, r }
  }
}
