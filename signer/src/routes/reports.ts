import { Hono } from 'hono'
import { reportQuery } from '../contract/list-requests.js'
import type { Core } from '../domain/context.js'
import { hkDayRange, summarize, transactionsCsv } from '../domain/reports.js'
import { csvDownload } from '../http/csv-download.js'
import { queryParams } from '../http/validate.js'
import { merchantAuth } from '../middleware/merchant-auth.js'
import type { AppDeps, AppEnv } from './deps.js'

/**
 * `GET /v1/reports/transactions.csv` and `GET /v1/reports/summary` (docs/api.md). The CSV is
 * streamed: each pull of the response stream takes the next line from the store's batches, so a
 * slow client holds back the reading and memory stays flat however long the range.
 */
export function reportRoutes(deps: AppDeps, core: Core): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.use('*', merchantAuth({ apiKey: deps.config.apiKey }))
  app.get('/transactions.csv', (c) => {
    const q = queryParams(c, reportQuery)
    return csvDownload(
      c,
      transactionsCsv(core.db, hkDayRange(q.from, q.to)),
      `transactions-${q.from}-to-${q.to}.csv`,
    )
  })
  app.get('/summary', async (c) => {
    const q = queryParams(c, reportQuery)
    const summary = await summarize(core.db, hkDayRange(q.from, q.to))
    return c.json({
      object: 'report_summary' as const,
      from: q.from,
      to: q.to,
      timezone: 'Asia/Hong_Kong' as const,
      ...summary,
    })
  })
  return app
}
