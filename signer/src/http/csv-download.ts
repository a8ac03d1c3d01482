import type { Context } from 'hono'

/**
 * A CSV download streamed line by line from an async generator (domain/reports.ts), so memory stays
 * flat whatever the range; a client that goes away ends the generator and its store reads. Shared
 * by `GET /v1/reports/transactions.csv` and the console's export.
 */
export function csvDownload(c: Context, lines: AsyncGenerator<string>, filename: string): Response {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await lines.return(undefined)
    },
  })
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  })
}
