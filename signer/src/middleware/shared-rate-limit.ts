import type { Config } from '../config/index.js'
import type { Db } from '../store/db.js'
import { type RateLimitStore, type TokenBucketOptions, takeToken } from './rate-limit.js'

/**
 * Token buckets kept in the signers' shared database, for several replicas behind one load
 * balancer: a client spreading its requests over the replicas still draws from one bucket per
 * route group. Each take is one short transaction that locks the bucket's row (PostgreSQL
 * `FOR UPDATE`; SQLite has one writer anyway). Tokens are stored in thousandths, as integers, so
 * both databases keep them exactly. The table is the limiter's own and is created on first use.
 */

const TABLE = 'rate_limit_buckets'
const MILLI = 1000

export function sharedTokenBuckets(db: Db, options: TokenBucketOptions): RateLimitStore {
  let ready: Promise<unknown> | undefined
  let takes = 0
  const create = () =>
    db.execute(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (key TEXT PRIMARY KEY, tokens_milli BIGINT NOT NULL, at_ms BIGINT NOT NULL)`,
    )
  // Two replicas creating it at once: PostgreSQL's IF NOT EXISTS can still fail the loser with a
  // unique violation; by then the table exists, so once more is enough.
  const createTable = () => create().catch(() => create())
  return {
    async take(key, now) {
      ready ??= createTable().catch((error) => {
        ready = undefined
        throw error
      })
      await ready
      const result = await db.transaction(async (tx) => {
        await tx.execute(
          `INSERT INTO ${TABLE} (key, tokens_milli, at_ms) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING`,
          [key, options.capacity * MILLI, now],
        )
        const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : ''
        const [row] = await tx.query<{ tokens_milli: unknown; at_ms: unknown }>(
          `SELECT tokens_milli, at_ms FROM ${TABLE} WHERE key = ?${lock}`,
          [key],
        )
        const stored = { tokens: Number(row?.tokens_milli) / MILLI, at: Number(row?.at_ms) }
        const taken = takeToken(stored, now, options)
        await tx.execute(`UPDATE ${TABLE} SET tokens_milli = ?, at_ms = ? WHERE key = ?`, [
          Math.floor(taken.bucket.tokens * MILLI),
          taken.bucket.at,
          key,
        ])
        return taken.result
      })
      // Now and then, forget buckets idle long enough to be full again.
      takes += 1
      if (takes % 1_000 === 0) {
        const full = (options.capacity / options.refillPerSecond) * 1000
        await db.execute(`DELETE FROM ${TABLE} WHERE at_ms < ?`, [now - full]).catch(() => {})
      }
      return result
    },
  }
}

/** The shared store with the same bucket size and refill as the in-memory default (app.ts). */
export function sharedRateLimitStore(db: Db, config: Pick<Config, 'rateLimitPerMinute'>) {
  const perMinute = config.rateLimitPerMinute
  return sharedTokenBuckets(db, { capacity: perMinute, refillPerSecond: perMinute / 60 })
}
