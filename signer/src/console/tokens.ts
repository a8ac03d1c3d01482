import { createHash, randomBytes } from 'node:crypto'

/**
 * Random secrets (session ids, invite tokens, CSRF tokens) and the hashes the store keeps of them:
 * a copy of the database alone lets nobody in (docs/architecture.md#the-merchant-console).
 */

/** 32 random bytes, base64url: the secret handed out once. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** What the store keeps of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/** A row id: a short prefix and 12 random bytes (`cu_…` users, `au_…` audit rows). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`
}
