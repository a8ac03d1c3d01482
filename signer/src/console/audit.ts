import { type AuditRow, insertAudit, listAudit } from '../store/console.js'
import type { Db } from '../store/db.js'
import type { ConsoleUser } from './roles.js'
import { newId } from './tokens.js'

/**
 * The audit log: every console action, who, what, when, from where. Written in the same request as
 * the action; read and exported (CSV) by owners only. `detail` is a small JSON object of ids and
 * amounts, never a secret.
 */

export type AuditAction =
  | 'invite.created'
  | 'user.enrolled'
  | 'session.signed_in'
  | 'session.sign_in_failed'
  | 'session.signed_out'
  | 'session.verified'
  | 'user.refund_limit_set'
  | 'user.removed'
  | 'refund.created'
  | 'refund.refused'
  | 'audit.exported'
  | 'payment.refreshed'
  | 'attention.resolved'
  | 'webhook.resent'
  | 'report.exported'
  | 'settings.checked'

export interface AuditEntry {
  user: Pick<ConsoleUser, 'id' | 'name'> | null
  action: AuditAction
  detail?: Record<string, string | number | boolean | undefined>
  ip: string | null
  at: number
}

export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await insertAudit(db, {
    id: newId('au'),
    at: entry.at,
    user_id: entry.user?.id ?? null,
    user_name: entry.user?.name ?? null,
    action: entry.action,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip,
  })
}

export interface AuditJson {
  id: string
  at: string
  user_id: string | null
  user_name: string | null
  action: string
  detail: Record<string, unknown>
  ip: string | null
}

export function auditJson(row: AuditRow): AuditJson {
  return { ...row, at: new Date(row.at).toISOString(), detail: JSON.parse(row.detail) }
}

export async function readAudit(db: Db, limit: number, before?: number): Promise<AuditJson[]> {
  const rows = await listAudit(db, { limit, ...(before === undefined ? {} : { before }) })
  return rows.map(auditJson)
}

/**
 * A CSV field: quoted, quotes doubled, and a leading `= + - @` (or tab/CR) defused with `'` so a
 * spreadsheet does not run a name someone chose as a formula.
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replaceAll('"', '""')}"`
}

export function auditCsv(entries: readonly AuditJson[]): string {
  const header = ['at', 'user_id', 'user_name', 'action', 'detail', 'ip']
  const lines = entries.map((e) =>
    [e.at, e.user_id ?? '', e.user_name ?? '', e.action, JSON.stringify(e.detail), e.ip ?? '']
      .map(csvField)
      .join(','),
  )
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`
}
