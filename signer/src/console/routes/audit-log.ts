import { Hono } from 'hono'
import { queryParams } from '../../http/validate.js'
import { audit, auditCsv, readAudit } from '../audit.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'
import { requireOwner } from '../roles.js'
import { auditQuery } from '../schemas.js'

/** The most rows one CSV export holds (newest first). */
const EXPORT_ROWS = 10_000

/** The audit log: owners only; JSON pages and a CSV export (itself audited). */
export function auditRoutes(ctx: ConsoleContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()
  app.use('*', async (c, next) => {
    requireOwner(c.get('session').user)
    return next()
  })

  app.get('/', async (c) => {
    const query = queryParams(c, auditQuery)
    const before = query.before ? Date.parse(query.before) : undefined
    return c.json({ data: await readAudit(ctx.db, query.limit ?? 100, before) })
  })

  app.get('/export.csv', async (c) => {
    const { user } = c.get('session')
    await audit(ctx.db, { user, action: 'audit.exported', ip: c.get('ip'), at: ctx.now() })
    const csv = auditCsv(await readAudit(ctx.db, EXPORT_ROWS))
    return c.body(csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="console-audit.csv"',
    })
  })

  return app
}
