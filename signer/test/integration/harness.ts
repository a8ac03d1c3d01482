import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { type RunningSigner, type StartOptions, startSigner } from '../../src/main.js'
import { databaseUrlFor } from '../postgres/test-store.js'

/**
 * Starts the real signer (sandbox mode, SQLite file, real HTTP on an ephemeral port) for the
 * integration tests, with a clock the test can move forward and helpers that act like the
 * merchant's backend and the shopper's browser.
 */

export const API_KEY = 'sk_integration_0123456789abcdef0123'
export const SHOP = 'http://127.0.0.1:5173'

/** Real time plus an offset the test can advance (timers keep working). */
export function movableClock() {
  let offset = 0
  const clock = () => new Date(Date.now() + offset)
  return { clock, advance: (ms: number) => void (offset += ms) }
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'signer-it-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export interface TestSigner extends RunningSigner {
  logs: string[]
  api(
    path: string,
    init?: RequestInit & { json?: unknown; key?: string | false },
  ): Promise<Response>
}

export async function startTestSigner(options: {
  dbFile: string
  clock?: () => Date
  env?: Record<string, string>
  start?: Partial<StartOptions>
}): Promise<TestSigner> {
  const logs: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const signer = await startSigner({
    env: {
      PORT: '0',
      DATABASE_URL: databaseUrlFor(options.dbFile),
      SIGNER_API_KEY: API_KEY,
      ALLOWED_ORIGINS: SHOP,
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...options.env,
    },
    ...(options.clock ? { clock: options.clock } : {}),
    logDestination: destination,
    defaultMetrics: false,
    reconcileIntervalMs: 3_600_000,
    webhookIntervalMs: 50,
    webhookBaseBackoffMs: 50,
    webhookMaxBackoffMs: 200,
    sandboxNotifyScheduleMs: [0, 50, 100],
    ...options.start,
  })
  return Object.assign(signer, {
    logs,
    api(path: string, init: RequestInit & { json?: unknown; key?: string | false } = {}) {
      const { json, key, ...rest } = init
      const headers = new Headers(rest.headers)
      if (json !== undefined) headers.set('content-type', 'application/json')
      if (key !== false) headers.set('authorization', `Bearer ${key ?? API_KEY}`)
      return fetch(`${signer.url}${path}`, {
        ...rest,
        ...(json !== undefined
          ? { method: rest.method ?? 'POST', body: JSON.stringify(json) }
          : {}),
        headers,
      })
    },
  })
}

export interface SessionJson {
  id: string
  status: string
  client_secret: string
  amount: string
  amount_paid: string
  amount_refunded: string
  payments: Array<{
    id: string
    status: string
    wallet: string
    service: string
    out_trade_no: string
    eft_trade_no: string | null
  }>
  refunds: Array<{ id: string; status: string; amount: string }>
}

export async function createSession(
  signer: TestSigner,
  overrides: Record<string, unknown> = {},
): Promise<SessionJson> {
  const res = await signer.api('/v1/sessions', {
    json: {
      amount: '128.00',
      currency: 'HKD',
      subject: 'Tea for two',
      success_url: `${SHOP}/thanks`,
      cancel_url: `${SHOP}/cart`,
      ...overrides,
    },
  })
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`)
  return (await res.json()) as SessionJson
}

export async function getSession(signer: TestSigner, id: string): Promise<SessionJson> {
  const res = await signer.api(`/v1/sessions/${id}`)
  if (res.status !== 200) throw new Error(`get session: ${res.status} ${await res.text()}`)
  return (await res.json()) as SessionJson
}

export interface PaymentJson {
  id: string
  status: string
  service: string
  out_trade_no: string
  eft_trade_no: string
  next_action: { type: string; url: string } | null
}

export async function startPayment(
  signer: TestSigner,
  session: SessionJson,
  wallet: string,
  device = { os: 'ios', mobile: true, in_app: 'none' },
): Promise<{ status: number; payment: PaymentJson }> {
  const res = await signer.api(`/v1/sessions/${session.id}/payments`, {
    key: false,
    headers: { origin: SHOP },
    json: { client_secret: session.client_secret, wallet, device, lang: 'en' },
  })
  const body = (await res.json()) as PaymentJson
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`start payment: ${res.status} ${JSON.stringify(body)}`)
  return { status: res.status, payment: body }
}

/** The shopper presses a button on the sandbox pay page; returns the page the browser gets back. */
export async function choose(
  payUrl: string,
  outcome: 'success' | 'fail' | 'cancel',
): Promise<Response> {
  const page = await fetch(payUrl)
  if (page.status !== 200) throw new Error(`pay page: ${page.status}`)
  await page.text()
  return fetch(payUrl, {
    method: 'POST',
    body: new URLSearchParams({ outcome }),
    redirect: 'manual',
  })
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** Follows the result page's auto-submitted return form like a browser; returns the signer's answer (303). */
export async function followReturn(resultPage: Response): Promise<Response> {
  if (resultPage.status === 303)
    return fetch(resultPage.headers.get('location') ?? '', { redirect: 'manual' })
  const html = await resultPage.text()
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
  if (!action) throw new Error('result page has no return form')
  const fields = new URLSearchParams()
  for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
    fields.append(unescape(m[1] ?? ''), unescape(m[2] ?? ''))
  return fetch(unescape(action), { method: 'POST', body: fields, redirect: 'manual' })
}

/** A merchant webhook receiver on an ephemeral port; `answer` decides each status. */
export async function webhookReceiver(answer: (n: number) => number = () => 200) {
  const received: Array<{ body: string; signature: string | undefined }> = []
  let calls = 0
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      calls += 1
      const status = answer(calls)
      if (status >= 200 && status < 300) {
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: req.headers['eftpay-signature'] as string | undefined,
        })
      }
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    calls: () => calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Polls `check` until it returns a value (no fixed sleeps: the machine may be slow). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 25))
  }
}
