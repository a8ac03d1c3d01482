import { CONSOLE_MIGRATION } from './console-schema.js'
import type { Db } from './db.js'

/**
 * The schema, as numbered migrations applied in order at start, each in its own transaction and
 * recorded in `schema_migrations`. Only append: an applied migration is never edited.
 *
 * Portable DDL (SQLite and PostgreSQL): TEXT for ids, states and decimal amounts; BIGINT for epoch
 * milliseconds and counters (SQLite gives BIGINT integer affinity); INTEGER 0/1 for flags.
 */
export interface Migration {
  id: number
  name: string
  statements: readonly string[]
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'sessions, payments, refunds, notifications, outbox',
    statements: [
      `CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        client_secret TEXT NOT NULL,
        status TEXT NOT NULL,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT,
        reference TEXT,
        success_url TEXT NOT NULL,
        cancel_url TEXT NOT NULL,
        sku TEXT,
        quantity BIGINT,
        amount_paid TEXT NOT NULL,
        amount_refunded TEXT NOT NULL,
        paid_payment_id TEXT,
        payment_attempts BIGINT NOT NULL DEFAULT 0,
        refund_count BIGINT NOT NULL DEFAULT 0,
        expires_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX sessions_status_expires ON sessions (status, expires_at)',
      `CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        wallet TEXT NOT NULL,
        service TEXT NOT NULL,
        pay_type TEXT NOT NULL,
        pay_scene TEXT NOT NULL,
        buyer_type TEXT NOT NULL,
        route_key TEXT NOT NULL,
        refund_service TEXT NOT NULL,
        out_trade_no TEXT NOT NULL UNIQUE,
        eft_trade_no TEXT,
        status TEXT NOT NULL,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL,
        next_action_type TEXT,
        next_action_url TEXT,
        dispatch TEXT NOT NULL,
        dispatch_until BIGINT,
        expires_at BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        last_queried_at BIGINT
      )`,
      'CREATE INDEX payments_session ON payments (session_id)',
      'CREATE INDEX payments_status_created ON payments (status, created_at)',
      `CREATE TABLE refunds (
        id TEXT PRIMARY KEY,
        payment_id TEXT NOT NULL REFERENCES payments (id),
        session_id TEXT NOT NULL REFERENCES sessions (id),
        out_refund_no TEXT NOT NULL UNIQUE,
        amount TEXT NOT NULL,
        currency TEXT NOT NULL,
        reason TEXT,
        status TEXT NOT NULL,
        automatic INTEGER NOT NULL,
        dispatch TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        last_queried_at BIGINT
      )`,
      'CREATE INDEX refunds_payment ON refunds (payment_id)',
      'CREATE INDEX refunds_session ON refunds (session_id)',
      'CREATE INDEX refunds_status_created ON refunds (status, created_at)',
      `CREATE TABLE notifications (
        natural_key TEXT PRIMARY KEY,
        out_trade_no TEXT NOT NULL,
        trade_status TEXT NOT NULL,
        payload TEXT NOT NULL,
        variant TEXT NOT NULL,
        result TEXT NOT NULL,
        received_at BIGINT NOT NULL,
        applied_at BIGINT
      )`,
      'CREATE INDEX notifications_out_trade_no ON notifications (out_trade_no)',
      `CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        locked_until BIGINT,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        delivered_at BIGINT
      )`,
      'CREATE INDEX outbox_due ON outbox (status, next_attempt_at)',
    ],
  },
  {
    id: 2,
    name: 'payments: index the idempotency lookup by session and route',
    statements: [
      // The pending-attempt lookup of every payment start (payments.ts findPendingForRoute). Without
      // it SQLite, which has no statistics, picked payments_status_created and scanned every pending
      // payment of every session per start. Its session_id prefix serves the per-session lists too,
      // so the single-column index it replaces is dropped (one index less to write per payment).
      'CREATE INDEX payments_session_route ON payments (session_id, wallet, route_key, status)',
      'DROP INDEX payments_session',
    ],
  },
  {
    id: 3,
    name: 'payments: back off the reconciler after a query the gateway could not answer',
    statements: [
      'ALTER TABLE payments ADD COLUMN query_failures BIGINT NOT NULL DEFAULT 0',
      'ALTER TABLE payments ADD COLUMN next_query_at BIGINT',
    ],
  },
  {
    id: 4,
    name: "outbox: a session's events are sent in the order written",
    statements: [
      // webhooks/event-order.ts: the session an event is about and its write sequence; the claim
      // skips an event while an earlier one of its session is pending. Older rows keep NULLs and
      // are sent as before.
      'ALTER TABLE outbox ADD COLUMN session_id TEXT',
      'ALTER TABLE outbox ADD COLUMN seq BIGINT',
      'CREATE INDEX outbox_session ON outbox (session_id, status, seq)',
    ],
  },
  {
    id: 5,
    name: 'payments and refunds: flagged when no final answer came; refunds followed with backoff',
    statements: [
      // domain/attention.ts: when a payment or refund still without a final answer was flagged for a
      // person (NULL: not flagged). Cleared when its status changes.
      'ALTER TABLE payments ADD COLUMN needs_attention_at BIGINT',
      'ALTER TABLE refunds ADD COLUMN needs_attention_at BIGINT',
      // Refunds are asked again like payments (migration 3): a doubling wait while no final status.
      'ALTER TABLE refunds ADD COLUMN query_failures BIGINT NOT NULL DEFAULT 0',
      'ALTER TABLE refunds ADD COLUMN next_query_at BIGINT',
    ],
  },
  {
    id: 6,
    name: 'lists and searches: keyset and lookup indexes; attention flags resolved by a person',
    statements: [
      // store/listing.ts pages newest first by (created_at, id) (docs/api.md "Lists and cursors"):
      // each filter the lists take has an index that starts with it and ends with the keyset, so a
      // page deep in a million rows is an index range, never a scan or a sort.
      'CREATE INDEX sessions_created ON sessions (created_at, id)',
      'CREATE INDEX sessions_status_created ON sessions (status, created_at, id)',
      'CREATE INDEX sessions_reference ON sessions (reference, created_at, id)',
      'CREATE INDEX sessions_amount ON sessions (amount, created_at, id)',
      'CREATE INDEX payments_created ON payments (created_at, id)',
      'CREATE INDEX payments_wallet_created ON payments (wallet, created_at, id)',
      'CREATE INDEX payments_amount ON payments (amount, created_at, id)',
      // The search `q` looks a payment up by eftPay's order number.
      'CREATE INDEX payments_eft_trade_no ON payments (eft_trade_no)',
      'CREATE INDEX refunds_created ON refunds (created_at, id)',
      'CREATE INDEX refunds_amount ON refunds (amount, created_at, id)',
      // GET /v1/events, newest first.
      'CREATE INDEX outbox_created ON outbox (created_at, id)',
      // domain/attention-resolve.ts: a flag a person resolved (checked with eftPay) is cleared and
      // never raised again for that row; who, why and when are kept, one row per resolution.
      'ALTER TABLE payments ADD COLUMN attention_resolved_at BIGINT',
      'ALTER TABLE refunds ADD COLUMN attention_resolved_at BIGINT',
      `CREATE TABLE attention_resolutions (
        id TEXT PRIMARY KEY,
        object TEXT NOT NULL,
        object_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        note TEXT NOT NULL,
        resolved_by TEXT NOT NULL,
        flagged_at BIGINT NOT NULL,
        resolved_at BIGINT NOT NULL
      )`,
      'CREATE INDEX attention_resolutions_object ON attention_resolutions (object_id)',
    ],
  },
  CONSOLE_MIGRATION,
  {
    id: 8,
    name: 'payment links, and the link a session was started from',
    statements: [
      // domain/links.ts: deactivated, never deleted (`active` 0). `kind` says which of amount,
      // line_items (JSON) or min/max_amount prices it. Amounts are decimal strings.
      `CREATE TABLE links (
        id TEXT PRIMARY KEY,
        active INTEGER NOT NULL,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount TEXT,
        line_items TEXT,
        min_amount TEXT,
        max_amount TEXT,
        expires_at BIGINT,
        max_payments BIGINT,
        after_type TEXT NOT NULL,
        after_message TEXT,
        after_url TEXT,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE INDEX links_created ON links (created_at)',
      'ALTER TABLE sessions ADD COLUMN link_id TEXT',
      // The places a link's started payments hold (store/links.ts countPlacesTaken).
      'CREATE INDEX sessions_link ON sessions (link_id, status)',
    ],
  },
]

/** Applies every migration not yet recorded, in order. Safe to run from two processes at once. */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await db.execute(
    'CREATE TABLE IF NOT EXISTS schema_migrations (id BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  )
  const applied: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.id - b.id)) {
    await db.transaction(async (tx) => {
      // Claim the id first: a second process starting at the same time finds it taken and skips.
      const claim = await tx.execute(
        'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
        [migration.id, migration.name, Date.now()],
      )
      if (claim.rowsAffected === 0) return
      for (const statement of migration.statements) await tx.execute(statement)
      applied.push(migration.id)
    })
  }
  return applied
}
