import type { Migration } from './migrations.js'

/**
 * The merchant console's tables (migration 7; docs/architecture.md#the-merchant-console). Apart
 * from the payment tables: nothing here is read by the money core. Secrets are kept only as
 * SHA-256 hashes (invite tokens, session ids); passkeys only as public keys.
 */
export const CONSOLE_MIGRATION: Migration = {
  id: 7,
  name: 'console: users, passkeys, invites, sessions, challenges, audit log, login failures',
  statements: [
    `CREATE TABLE console_users (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      role TEXT NOT NULL,
      refund_limit TEXT NOT NULL,
      webauthn_id TEXT NOT NULL UNIQUE,
      created_at BIGINT NOT NULL,
      removed_at BIGINT
    )`,
    `CREATE TABLE console_passkeys (
      id TEXT PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES console_users (id),
      public_key TEXT NOT NULL,
      counter BIGINT NOT NULL,
      transports TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      last_used_at BIGINT
    )`,
    'CREATE INDEX console_passkeys_user ON console_passkeys (user_id)',
    `CREATE TABLE console_invites (
      token_hash TEXT PRIMARY KEY,
      role TEXT NOT NULL,
      name TEXT NOT NULL,
      created_by TEXT,
      expires_at BIGINT NOT NULL,
      used_at BIGINT,
      user_id TEXT,
      created_at BIGINT NOT NULL
    )`,
    `CREATE TABLE console_sessions (
      id_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      csrf_token TEXT NOT NULL,
      demo INTEGER NOT NULL,
      created_at BIGINT NOT NULL,
      last_seen_at BIGINT NOT NULL,
      verified_at BIGINT
    )`,
    'CREATE INDEX console_sessions_user ON console_sessions (user_id)',
    `CREATE TABLE console_challenges (
      id TEXT PRIMARY KEY,
      challenge TEXT NOT NULL,
      purpose TEXT NOT NULL,
      subject TEXT,
      expires_at BIGINT NOT NULL
    )`,
    `CREATE TABLE console_audit (
      id TEXT PRIMARY KEY,
      at BIGINT NOT NULL,
      user_id TEXT,
      user_name TEXT,
      action TEXT NOT NULL,
      detail TEXT NOT NULL,
      ip TEXT
    )`,
    'CREATE INDEX console_audit_at ON console_audit (at, id)',
    `CREATE TABLE console_login_failures (
      id TEXT PRIMARY KEY,
      ip TEXT NOT NULL,
      at BIGINT NOT NULL
    )`,
    'CREATE INDEX console_login_failures_ip ON console_login_failures (ip, at)',
  ],
}
