import { afterEach, describe, expect, it } from 'vitest'
import { memoryTokenBuckets } from '../../src/middleware/rate-limit.js'
import { sharedTokenBuckets } from '../../src/middleware/shared-rate-limit.js'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'
import { tempDbPath } from '../domain/harness.js'
import { dropTestDatabase } from '../postgres/test-store.js'
import { testApp } from './helpers.js'

/** Who a limit applies to (the right X-Forwarded-For hop), where it applies, and across replicas. */

const limited = (capacity: number) => memoryTokenBuckets({ capacity, refillPerSecond: 0.001 })
const from = (forwardedFor: string) => ({ headers: { 'x-forwarded-for': forwardedFor } })

describe('the client a rate limit counts', () => {
  it('behind one trusted proxy is the rightmost X-Forwarded-For hop, whatever the client put left of it', async () => {
    const { app } = testApp({
      config: { trustProxy: true, trustProxyHops: 1 },
      rateLimitStore: limited(2),
    })
    // The same shopper (203.0.113.7, as our proxy saw it) forging a new leftmost hop each time.
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push((await app.request('/v1/config', from(`198.51.100.${i}, 203.0.113.7`))).status)
    expect(statuses).toEqual([200, 200, 429, 429])
    // Another shopper behind the same proxy has its own bucket.
    expect((await app.request('/v1/config', from('198.51.100.1, 203.0.113.8'))).status).toBe(200)
  })

  it('behind two trusted proxies is the second hop from the right', async () => {
    const { app } = testApp({
      config: { trustProxy: true, trustProxyHops: 2 },
      rateLimitStore: limited(1),
    })
    expect((await app.request('/v1/config', from('1.1.1.1, 203.0.113.7, 10.0.0.2'))).status).toBe(
      200,
    )
    expect((await app.request('/v1/config', from('2.2.2.2, 203.0.113.7, 10.0.0.3'))).status).toBe(
      429,
    )
  })

  it('without trusted proxies ignores the header', async () => {
    const { app } = testApp({ rateLimitStore: limited(1) })
    expect((await app.request('/v1/config', from('1.1.1.1'))).status).toBe(200)
    expect((await app.request('/v1/config', from('2.2.2.2'))).status).toBe(429)
  })
})

describe('the return address', () => {
  it('is rate limited like the other public endpoints', async () => {
    const { app } = testApp({ rateLimitStore: limited(3) })
    const statuses = []
    for (let i = 0; i < 5; i++)
      statuses.push(
        (await app.request('/v1/gateway/return/cs_unknown?out_trade_no=x&sign=y')).status,
      )
    expect(statuses.slice(0, 3).every((status) => status !== 429)).toBe(true)
    expect(statuses.slice(3)).toEqual([429, 429])
  })
})

describe('buckets shared by replicas (one database)', () => {
  const opened: Db[] = []
  const cleanups: Array<() => unknown> = []
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close()
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  it('two replicas draw from one bucket per client and group', async () => {
    const temp = tempDbPath()
    cleanups.push(temp.cleanup, () => dropTestDatabase(temp.url))
    const replica = async () => {
      const db = await openDatabase(temp.url)
      opened.push(db)
      return sharedTokenBuckets(db, { capacity: 3, refillPerSecond: 1 })
    }
    const [a, b] = [await replica(), await replica()]
    const now = 1_000_000
    const taken = await Promise.all([
      a.take('config:203.0.113.7', now),
      b.take('config:203.0.113.7', now),
      a.take('config:203.0.113.7', now),
      b.take('config:203.0.113.7', now),
      a.take('config:203.0.113.7', now),
    ])
    expect(taken.filter((t) => t.allowed)).toHaveLength(3)
    expect(await b.take('config:203.0.113.8', now)).toEqual({ allowed: true, retryAfterMs: 0 })
    // Refilled by time, on either replica.
    expect((await b.take('config:203.0.113.7', now + 1_000)).allowed).toBe(true)
    expect((await a.take('config:203.0.113.7', now + 1_000)).allowed).toBe(false)
  })
})
