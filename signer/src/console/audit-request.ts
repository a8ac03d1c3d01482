import type { Context } from 'hono'
import { type AuditAction, type AuditEntry, audit } from './audit.js'
import type { ConsoleContext, ConsoleEnv } from './context.js'

/** Audits an action of the signed-in user of this request, from its address, now. */
export function auditRequest(
  ctx: ConsoleContext,
  c: Context<ConsoleEnv>,
  action: AuditAction,
  detail: AuditEntry['detail'],
): Promise<void> {
  return audit(ctx.db, {
    user: c.get('session').user,
    action,
    ...(detail ? { detail } : {}),
    ip: c.get('ip'),
    at: ctx.now(),
  })
}
