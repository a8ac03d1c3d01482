import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterEach } from 'vitest'
import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '../src/credentials.js'
import { formatGatewayTime } from '../src/hk-time.js'
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.js'
import { platformRules } from '../src/platform.js'
import { canonical, digest } from '../src/wire.js'

/**
 * The sandbox alone over real HTTP on 127.0.0.1: a clock the test moves, requests signed here (the
 * sandbox's own canonical string, so a test may sign them any way a merchant might), and a local
 * receiver standing in for the merchant's notify_url. Tests of the signer against the sandbox live
 * in signer/test/.
 */

export interface ManualClock {
  (): Date
  advance(ms: number): void
}

export function manualClock(start = new Date('2026-11-21T04:00:00.000Z')): ManualClock {
  let now = start.getTime()
  const clock = (() => new Date(now)) as ManualClock
  clock.advance = (ms) => {
    now += ms
  }
  return clock
}

/** How a test signs a request: empty values dropped or kept, hex in lower or upper case. */
export interface SignAs {
  empty?: 'dropped' | 'kept'
  upper?: boolean
  secret?: string
}

/** `fields` with a `sign`, empty values left in the body either way. */
export function signRequest(fields: Record<string, string>, as: SignAs = {}) {
  const variant = as.empty === 'kept' ? 'empty-kept' : 'empty-dropped'
  const sign = digest(as.secret ?? SANDBOX_SECRET, canonical(fields, variant))
  return { ...fields, sign: as.upper ? sign.toUpperCase() : sign }
}

export interface Harness {
  sandbox: Sandbox
  clock: ManualClock
  /** `http://127.0.0.1:<port>/sandbox` */
  url: string
  now(): string
  /** POSTs fields (signed unless they carry `sign`) to a servlet; the JSON reply. */
  call(servlet: string, fields: Record<string, string>): Promise<Record<string, string>>
  /** A PreOrder (AlipayHK WAP, HK$12.50 unless overridden), answered `00`. */
  preOrder(overrides?: Record<string, string>): Promise<Record<string, string>>
  /** An Apple Pay token payment, settled at once. */
  applePay(overrides?: Record<string, string>): Promise<Record<string, string>>
  pay(eftTradeNo: string, outcome: string): Promise<Response>
  /** POST JSON to an admin route the way a non-browser client does (no Origin). */
  admin(path: string, body?: unknown, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

let sequence = 0
export const outTradeNo = () => `S${Date.now().toString(36)}${(sequence++).toString(36)}`

export async function startHarness(options: Partial<SandboxOptions> = {}): Promise<Harness> {
  const clock = (options.clock as ManualClock | undefined) ?? manualClock()
  const root = new Hono()
  const server = serve({ fetch: (r) => root.fetch(r), port: 0, hostname: '127.0.0.1' }) as Server
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`
  const sandbox = createSandbox({
    userKey: SANDBOX_USER_KEY,
    secret: SANDBOX_SECRET,
    publicUrl: url,
    notifyRetryScheduleMs: [0, 20],
    ...options,
    clock,
  })
  root.route('/sandbox', sandbox.app)
  const now = () => formatGatewayTime(clock())
  const envelope = () => ({ user_confirm_key: SANDBOX_USER_KEY, time: now() })
  async function call(servlet: string, fields: Record<string, string>) {
    const body = fields.sign === undefined ? signRequest(fields) : fields
    const base = platformRules(options.platform).basePath
    const response = await fetch(`${url}${base}/Servlet/${servlet}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return (await response.json()) as Record<string, string>
  }
  return {
    sandbox,
    clock,
    url,
    now,
    call,
    async preOrder(overrides = {}) {
      return call('JSAPIService.do', {
        ...envelope(),
        service: 'service.alipay.wap.PreOrder',
        transaction_amount: '12.50',
        out_trade_no: outTradeNo(),
        payType: 'Alipay',
        buyerType: 'ios',
        subject: 'Iron Buddha tea',
        wallet: 'ALIPAYHK',
        pay_scene: 'WAP',
        ...overrides,
      })
    },
    async applePay(overrides = {}) {
      return call('JSAPIService.do', {
        ...envelope(),
        service: 'service.mpgs.token.ApplePay',
        token_id: JSON.stringify({ version: 'EC_v1', data: 'ok', signature: 's', header: {} }),
        transaction_amount: '20.00',
        out_trade_no: outTradeNo(),
        payType: 'Mpgs',
        buyerType: 'ios',
        subject: 'Tea set',
        wallet: 'MPGS',
        pay_scene: 'TOKEN_APPLE_PAY',
        ...overrides,
      })
    },
    pay: (eftTradeNo, outcome) =>
      fetch(`${url}/pay/${eftTradeNo}`, {
        method: 'POST',
        body: new URLSearchParams({ outcome }),
        redirect: 'manual',
      }),
    admin: (path, body, init = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...init,
      }),
    async close() {
      sandbox.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

/** The fields every request carries besides its own (for `call`). */
export function envelopeOf(h: Harness) {
  return { user_confirm_key: SANDBOX_USER_KEY, time: h.now() }
}

export interface Receiver {
  url: string
  received: Array<Record<string, string>>
  waitFor(count: number): Promise<Array<Record<string, string>>>
  close(): Promise<void>
}

/** A local notify_url that acknowledges with plain `success`. */
export async function startReceiver(): Promise<Receiver> {
  const received: Array<Record<string, string>> = []
  const waiters: Array<() => void> = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      raw += chunk
    })
    req.on('end', () => {
      received.push(JSON.parse(raw) as Record<string, string>)
      res.end('success')
      for (const wake of waiters.splice(0)) wake()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`
  return {
    url,
    received,
    async waitFor(count) {
      while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve))
      return received.slice()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** For a test file: starts harnesses and receivers that are closed after each test. */
export function useHarness() {
  const open: Array<{ close(): Promise<void> }> = []
  afterEach(async () => {
    while (open.length) await open.pop()?.close()
  })
  return {
    async sandbox(options: Partial<SandboxOptions> = {}) {
      const h = await startHarness(options)
      open.push(h)
      return h
    },
    async receiver() {
      const r = await startReceiver()
      open.push(r)
      return r
    },
  }
}

/** Whether `fields` carry a lowercase sign over the empty-dropped (or -kept) canonical string. */
export function signedWith(
  fields: Record<string, string>,
  variant: 'empty-dropped' | 'empty-kept',
): boolean {
  return fields.sign === digest(SANDBOX_SECRET, canonical(fields, variant))
}
