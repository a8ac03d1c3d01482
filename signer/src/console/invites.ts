import { insertInvite } from '../store/console.js'
import type { Db } from '../store/db.js'
import type { ConsoleRole } from './roles.js'
import { hashSecret, newSecret } from './tokens.js'

/**
 * One-time invite links: the first owner's from `eftpay-signer console invite` on the server, staff
 * (and a lost passkey's replacement) from an owner. The token is in the link's fragment, so it never
 * reaches a server log or a Referer; the store keeps only its hash. Single use and expiring.
 */

export const INVITE_TTL_MS = 24 * 60 * 60_000

export interface Invite {
  url: string
  expiresAt: Date
}

export function inviteUrl(consoleUrl: string, token: string): string {
  return `${consoleUrl}/enrol#${token}`
}

export async function createInvite(
  db: Db,
  input: { role: ConsoleRole; name: string; createdBy: string | null; consoleUrl: string },
  now: number,
): Promise<Invite> {
  const token = newSecret()
  const expiresAt = now + INVITE_TTL_MS
  await insertInvite(db, {
    token_hash: hashSecret(token),
    role: input.role,
    name: input.name,
    created_by: input.createdBy,
    expires_at: expiresAt,
    used_at: null,
    created_at: now,
  })
  return { url: inviteUrl(input.consoleUrl, token), expiresAt: new Date(expiresAt) }
}
