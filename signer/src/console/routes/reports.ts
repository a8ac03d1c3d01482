import { Hono } from 'hono'
import { reportQuery } from '../../contract/list-requests.js'
import type { Core } from '../../domain/context.js'
import { hkDayRange, summarize, transactionsCsv } from '../../domain/reports.js'
import { csvDownload } from '../../http/csv-download.js'
import { queryParams } from '../../http/validate.js'
import { auditRequest } from '../audit-request.js'
import type { ConsoleContext, ConsoleEnv } from '../context.js'

/**
 * Export and summary: the same CSV and daily summary as `GET /v1/reports/*` (domain/reports.ts,
 * one row stream for both, so their totals agree). The CSV is streamed a line per pull, so memory
 * stays flat; each export is audited.
 */
export function reportRoutes(ctx: ConsoleContext, core: Core): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>()

  app.get('/transactions.csv', async (c) => {
    const q = queryParams(c, reportQuery)
    await auditRequest(ctx, c, 'report.exported', { from: q.from, to: q.to })
    return csvDownload(
      c,
      transactionsCsv(core.db, hkDayRange(q.from, q.to)),
      `transactions-${q.from}-to-${q.to}.csv`,
    )
  })

  app.get('/summary', async (c) => {
    const q = queryParams(c, reportQuery)
    const summary = await summarize(core.db, hkDayRange(q.from, q.to))
    return c.json({ from: q.from, to: q.to, timezone: 'Asia/Hong_Kong', ...summary })
  })

  return app
}
