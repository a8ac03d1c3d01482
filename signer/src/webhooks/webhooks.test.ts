import { createServer, type IncomingMessage, type Server } from 'node:http'
import { type AddressInfo, createServer as createNetServer } from 'node:net'
import * as webhooksPackage from '@eftpay/webhooks'
import { computeWebhookSignature, signWebhook } from '@eftpay/webhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDbPath } from '../../test/domain/harness.js'
import type { Db } from '../store/db.js'
import { openDatabase } from '../store/open.js'
import { backoffDelayMs } from './backoff.js'
import { startWebhookDispatcher } from './dispatcher.js'
import { enqueueEvent, findEvent, listEvents } from './outbox.js'
import * as legacySubpath from './verify-webhook.js'
// These tests verify through `@eftpay/signer/webhooks` (./verify-webhook.ts), the import existing
// merchants keep using; the scheme itself is tested in the @eftpay/webhooks package.
import { verifyWebhook, WebhookVerificationError } from './verify-webhook.js'

const SECRET = 'whsec_test_0001'

describe('webhook signatures', () => {
  const now = new Date('2026-11-21T12:00:00Z')
  const t = Math.floor(now.getTime() / 1000)
  const payload = JSON.stringify({
    id: 'ev_1',
    type: 'session.paid',
    created_at: now.toISOString(),
    data: {},
  })

  it('signs t=<unix>,v1=<hex HMAC of "t.body"> and verifies it back', () => {
    const header = signWebhook(payload, SECRET, t)
    expect(header).toBe(`t=${t},v1=${computeWebhookSignature(payload, t, SECRET)}`)
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/)
    expect(verifyWebhook({ payload, header, secret: SECRET, now })).toMatchObject({
      id: 'ev_1',
      type: 'session.paid',
    })
  })

  it('refuses a wrong secret, a changed body, a missing or malformed header', () => {
    const header = signWebhook(payload, SECRET, t)
    const code = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        return error instanceof WebhookVerificationError ? error.code : 'other'
      }
      return 'none'
    }
    expect(code(() => verifyWebhook({ payload, header, secret: 'other', now }))).toBe(
      'signature_mismatch',
    )
    expect(
      code(() =>
        verifyWebhook({ payload: payload.replace('ev_1', 'ev_2'), header, secret: SECRET, now }),
      ),
    ).toBe('signature_mismatch')
    expect(code(() => verifyWebhook({ payload, header: undefined, secret: SECRET, now }))).toBe(
      'missing_header',
    )
    expect(code(() => verifyWebhook({ payload, header: 'v1=abc', secret: SECRET, now }))).toBe(
      'malformed_header',
    )
    expect(code(() => verifyWebhook({ payload, header: `t=${t}`, secret: SECRET, now }))).toBe(
      'malformed_header',
    )
  })

  it('enforces the timestamp tolerance both ways', () => {
    const header = signWebhook(payload, SECRET, t)
    const late = new Date(now.getTime() + 301_000)
    const early = new Date(now.getTime() - 301_000)
    expect(() => verifyWebhook({ payload, header, secret: SECRET, now: late })).toThrow(/timestamp/)
    expect(() => verifyWebhook({ payload, header, secret: SECRET, now: early })).toThrow(
      /timestamp/,
    )
    expect(
      verifyWebhook({ payload, header, secret: SECRET, now: late, toleranceSeconds: 600 }).id,
    ).toBe('ev_1')
  })

  it('rotation: any v1 and any of several secrets may match', () => {
    const both = signWebhook(payload, ['new-secret', SECRET], t)
    expect(both.split(',').filter((p) => p.startsWith('v1='))).toHaveLength(2)
    expect(verifyWebhook({ payload, header: both, secret: SECRET, now }).id).toBe('ev_1')
    expect(verifyWebhook({ payload, header: both, secret: 'new-secret', now }).id).toBe('ev_1')
    const old = signWebhook(payload, SECRET, t)
    expect(verifyWebhook({ payload, header: old, secret: ['new-secret', SECRET], now }).id).toBe(
      'ev_1',
    )
    expect(() =>
      verifyWebhook({ payload, header: old, secret: ['new-secret', 'another'], now }),
    ).toThrow(WebhookVerificationError)
  })
})

describe('@eftpay/signer/webhooks', () => {
  it('still exports everything @eftpay/webhooks does, as the very same functions and class', () => {
    expect(Object.keys(legacySubpath).sort()).toEqual(Object.keys(webhooksPackage).sort())
    expect(legacySubpath.verifyWebhook).toBe(webhooksPackage.verifyWebhook)
    expect(legacySubpath.signWebhook).toBe(webhooksPackage.signWebhook)
    expect(legacySubpath.SIGNATURE_HEADER).toBe('Eftpay-Signature')
    // A refusal thrown by either import is caught by `instanceof` with the other.
    expect(legacySubpath.WebhookVerificationError).toBe(webhooksPackage.WebhookVerificationError)
  })
})

describe('backoff', () => {
  it('grows exponentially under a cap with full jitter', () => {
    expect(backoffDelayMs(1, 1000, 60_000, () => 0.999)).toBe(999)
    expect(backoffDelayMs(3, 1000, 60_000, () => 0.5)).toBe(2000)
    expect(backoffDelayMs(30, 1000, 60_000, () => 0.999)).toBe(59_940)
    expect(backoffDelayMs(5, 1000, 60_000, () => 0)).toBe(0)
  })
})

interface Received {
  header: string
  body: string
}

/** A merchant endpoint on 127.0.0.1 that answers with the statuses it is given, in turn. */
async function merchant(
  statuses: number[],
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = []
  const server = createServer((req: IncomingMessage, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      received.push({ header: String(req.headers['eftpay-signature'] ?? ''), body })
      res.statusCode = statuses.shift() ?? 200
      res.end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}/hooks`, received, server }
}

describe('webhook dispatcher', () => {
  let db: Db
  let dbUrl: string
  let cleanup: () => void
  let servers: Server[] = []
  let clockMs = Date.parse('2026-11-21T12:00:00Z')
  const clock = () => new Date(clockMs)

  beforeEach(async () => {
    const temp = tempDbPath()
    cleanup = temp.cleanup
    dbUrl = temp.url
    db = await openDatabase(dbUrl)
  })
  afterEach(async () => {
    for (const s of servers) {
      s.closeAllConnections()
      await new Promise((r) => s.close(r))
    }
    servers = []
    await db.close()
    cleanup()
  })

  async function enqueue(id: string) {
    await db.transaction((tx) =>
      enqueueEvent(tx, {
        id,
        type: 'session.paid',
        data: { session: { id: 'cs_1' } },
        now: clock(),
      }),
    )
  }

  it('POSTs the stored JSON signed, and marks it delivered on a 2xx', async () => {
    const m = await merchant([200])
    servers.push(m.server)
    await enqueue('ev_a')
    const dispatcher = startWebhookDispatcher({
      db,
      url: m.url,
      secret: SECRET,
      clock,
      intervalMs: 60_000,
      maxBackoffMs: 60_000,
    })
    expect(await dispatcher.flush()).toBe(1)
    await dispatcher.stop()
    expect(m.received).toHaveLength(1)
    const [got] = m.received
    // What the outbox signed verifies with the merchant's package.
    const event = webhooksPackage.verifyWebhook({
      payload: got?.body as string,
      header: got?.header,
      secret: SECRET,
      now: clock(),
    })
    expect(event).toMatchObject({
      id: 'ev_a',
      type: 'session.paid',
      data: { session: { id: 'cs_1' } },
    })
    expect(await findEvent(db, 'ev_a')).toMatchObject({ status: 'delivered', attempts: 1 })
    expect(await dispatcher.flush()).toBe(0)
  })

  it('retries with backoff until a 2xx, and resumes after a restart', async () => {
    const m = await merchant([500, 503])
    servers.push(m.server)
    await enqueue('ev_b')
    const options = {
      url: m.url,
      secret: SECRET,
      clock,
      intervalMs: 60_000,
      maxBackoffMs: 10_000,
      baseBackoffMs: 1_000,
      random: () => 0.5,
    }
    const first = startWebhookDispatcher({ db, ...options })
    await first.flush()
    let event = await findEvent(db, 'ev_b')
    expect(event).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 500' })
    expect(event?.nextAttemptAt.getTime()).toBe(clockMs + 500)
    // Not due yet: nothing is sent.
    await first.flush()
    expect(m.received).toHaveLength(1)
    clockMs += 500
    await first.flush()
    event = await findEvent(db, 'ev_b')
    expect(event).toMatchObject({ attempts: 2, lastError: 'HTTP 503' })
    expect(event?.nextAttemptAt.getTime()).toBe(clockMs + 1_000)
    await first.stop()
    // "Restart": a new db handle and dispatcher on the same file.
    await db.close()
    db = await openDatabase(dbUrl)
    clockMs += 1_000
    const second = startWebhookDispatcher({ db, ...options })
    expect(await second.flush()).toBe(1)
    await second.stop()
    expect(m.received).toHaveLength(3)
    expect(new Set(m.received.map((r) => r.body)).size).toBe(1)
    expect(await findEvent(db, 'ev_b')).toMatchObject({ status: 'delivered', attempts: 3 })
  })

  it('treats an unreachable endpoint as a failed attempt', async () => {
    await enqueue('ev_c')
    // An endpoint that hangs up on every connection: unreachable for sure, unlike a port assumed
    // closed (port 9 may be open, a freed port may be taken again).
    const hangUp = createNetServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve))
    const dispatcher = startWebhookDispatcher({
      db,
      url: `http://127.0.0.1:${(hangUp.address() as AddressInfo).port}/hooks`,
      secret: SECRET,
      clock,
      intervalMs: 60_000,
      maxBackoffMs: 1_000,
    })
    await dispatcher.flush()
    await dispatcher.stop()
    await new Promise((resolve) => hangUp.close(resolve))
    expect(await findEvent(db, 'ev_c')).toMatchObject({ status: 'pending', attempts: 1 })
  })

  it('a lease keeps two dispatchers (two instances) from sending the same event', async () => {
    const m = await merchant([])
    servers.push(m.server)
    for (let i = 0; i < 10; i++) await enqueue(`ev_${i}`)
    const other = await openDatabase(dbUrl)
    const options = { url: m.url, secret: SECRET, clock, intervalMs: 60_000, maxBackoffMs: 1_000 }
    const a = startWebhookDispatcher({ db, ...options })
    const b = startWebhookDispatcher({ db: other, ...options })
    const [sentA, sentB] = await Promise.all([a.flush(), b.flush()])
    await Promise.all([a.stop(), b.stop()])
    await other.close()
    expect(sentA + sentB).toBe(10)
    expect(m.received).toHaveLength(10)
    expect(new Set(m.received.map((r) => JSON.parse(r.body).id)).size).toBe(10)
  })

  it('an event whose sender crashed mid-POST is sent again once its lease runs out', async () => {
    const m = await merchant([])
    servers.push(m.server)
    await enqueue('ev_d')
    await db.execute('UPDATE outbox SET locked_until = ? WHERE id = ?', [clockMs + 30_000, 'ev_d'])
    const dispatcher = startWebhookDispatcher({
      db,
      url: m.url,
      secret: SECRET,
      clock,
      intervalMs: 60_000,
      maxBackoffMs: 1_000,
    })
    expect(await dispatcher.flush()).toBe(0)
    clockMs += 30_001
    expect(await dispatcher.flush()).toBe(1)
    await dispatcher.stop()
  })

  it('events written before MERCHANT_WEBHOOK_URL was set are sent, in order, once it is', async () => {
    await enqueue('ev_f')
    clockMs += 1
    await enqueue('ev_g')
    const without = startWebhookDispatcher({
      db,
      secret: SECRET,
      clock,
      intervalMs: 60_000,
      maxBackoffMs: 1_000,
    })
    await without.flush()
    await without.stop()
    expect((await listEvents(db)).map((e) => e.status)).toEqual(['no_endpoint', 'no_endpoint'])
    // The signer restarted with a URL.
    const m = await merchant([])
    servers.push(m.server)
    const withUrl = startWebhookDispatcher({
      db,
      url: m.url,
      secret: SECRET,
      clock,
      intervalMs: 60_000,
      maxBackoffMs: 1_000,
    })
    expect(await withUrl.flush()).toBe(2)
    expect(await withUrl.flush()).toBe(0)
    await withUrl.stop()
    expect(m.received.map((r) => JSON.parse(r.body).id)).toEqual(['ev_f', 'ev_g'])
    expect((await listEvents(db)).map((e) => e.status)).toEqual(['delivered', 'delivered'])
  })

  it('without MERCHANT_WEBHOOK_URL, due events are kept as no_endpoint, unsent', async () => {
    await enqueue('ev_e')
    const dispatcher = startWebhookDispatcher({
      db,
      secret: SECRET,
      clock,
      intervalMs: 60_000,
      maxBackoffMs: 1_000,
    })
    expect(await dispatcher.flush()).toBe(0)
    await dispatcher.stop()
    expect((await listEvents(db)).map((e) => e.status)).toEqual(['no_endpoint'])
  })
})
