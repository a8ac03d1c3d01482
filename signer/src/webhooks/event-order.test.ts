import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDbPath } from '../../test/domain/harness.js'
import { dropTestDatabase } from '../../test/postgres/test-store.js'
import type { Db } from '../store/db.js'
import { openDatabase } from '../store/open.js'
import { startWebhookDispatcher } from './dispatcher.js'
import { type EventType, enqueueEvent } from './outbox.js'

/** A session's events reach the merchant in the order they were written, retries included. */

describe('webhook order', () => {
  let db: Db
  let temp: ReturnType<typeof tempDbPath>
  let server: Server | undefined
  let clockMs = Date.parse('2026-11-21T12:00:00Z')
  const clock = () => new Date(clockMs)

  beforeEach(async () => {
    temp = tempDbPath()
    db = await openDatabase(temp.url)
  })
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
    server = undefined
    await db.close()
    await dropTestDatabase(temp.url)
    temp.cleanup()
  })

  /** The merchant: answers the given statuses in turn (then 200), recording each event's type. */
  async function merchant(statuses: number[]) {
    const received: Array<{ type: string; session: string; status: number }> = []
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        const event = JSON.parse(body) as { type: string; data: { session: { id: string } } }
        const status = statuses.shift() ?? 200
        received.push({ type: event.type, session: event.data.session.id, status })
        res.writeHead(status).end()
      })
    })
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
      received,
    }
  }

  /** Several events written in one transaction, as the domain writes a payment's success. */
  async function writeTogether(session: string, types: EventType[], ids: string[]) {
    await db.transaction(async (tx) => {
      for (const [i, type] of types.entries())
        await enqueueEvent(tx, {
          id: ids[i] as string,
          type,
          now: clock(),
          data: { session: { id: session } },
        })
    })
  }

  it('sends events written in one transaction in the order written, even when the first is retried', async () => {
    // Ids that sort against the written order: an order by id would send session.paid first.
    await writeTogether('cs_1', ['payment.succeeded', 'session.paid'], ['ev_z', 'ev_a'])
    await writeTogether('cs_2', ['payment.failed'], ['ev_m'])
    const m = await merchant([503])
    const dispatcher = startWebhookDispatcher({
      db,
      url: m.url,
      secret: 'whsec_order',
      clock,
      intervalMs: 60_000,
      baseBackoffMs: 1,
      maxBackoffMs: 1,
    })
    await dispatcher.flush()
    // The first event failed: its session's next event waits; another session's goes on.
    expect(m.received).toEqual([
      { type: 'payment.succeeded', session: 'cs_1', status: 503 },
      { type: 'payment.failed', session: 'cs_2', status: 200 },
    ])
    clockMs += 1_000
    await dispatcher.flush()
    await dispatcher.stop()
    expect(m.received.slice(2).map((r) => r.type)).toEqual(['payment.succeeded', 'session.paid'])
  })
})
