/**
 * `pnpm bench:lists`: how the merchant lists behave at a million rows (docs/api.md "Lists and
 * cursors"). Seeds a SQLite file with 1 000 000 sessions, each with one payment, over a year, in
 * batched transactions of generated rows (a recursive CTE: one statement per batch), then times
 * through the same functions the routes call (signer/src/domain/listing.ts): the first page, a
 * search by reference, and a page 500 pages deep by cursor, each as median and p95 over a few runs.
 *
 * Knobs: LISTS_ROWS (1000000), LISTS_RUNS (21), LISTS_DB (a temporary file; set it to keep the
 * seeded file between runs: an existing file with enough rows is not seeded again).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeCursor } from '../signer/src/domain/list-cursor.js'
import { listPayments, listSessions } from '../signer/src/domain/listing.js'
import type { Db } from '../signer/src/store/db.js'
import { openDatabase } from '../signer/src/store/open.js'

const ROWS = Number(process.env.LISTS_ROWS ?? 1_000_000)
const RUNS = Number(process.env.LISTS_RUNS ?? 21)
const BATCH = 100_000
const PAGE = 20
const DEEP_PAGES = 500
const WALLETS = ['ALIPAYHK', 'WECHATHK', 'OCT', 'PAYME']
/** A year back from a fixed start: 1 000 000 rows 31.5 s apart. */
const START = Date.parse('2025-12-01T00:00:00Z')
const STEP_MS = 31_536

async function seed(db: Db): Promise<number> {
  const [row] = await db.query('SELECT COUNT(*) AS n FROM sessions')
  const have = Number(row?.n ?? 0)
  if (have >= ROWS) return 0
  const began = performance.now()
  const wallet = `CASE i % 4 ${WALLETS.map((w, k) => `WHEN ${k} THEN '${w}'`).join(' ')} END`
  for (let from = have; from < ROWS; from += BATCH) {
    const to = Math.min(from + BATCH, ROWS) - 1
    const numbers = `WITH RECURSIVE n(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM n WHERE i < ${to})`
    await db.transaction(async (tx) => {
      await tx.execute(
        `${numbers} INSERT INTO sessions (id, client_secret, status, amount, currency, subject, reference,
           success_url, cancel_url, amount_paid, amount_refunded, expires_at, created_at, updated_at)
         SELECT printf('cs_%020x', i), printf('cs_%020x_secret', i),
           CASE WHEN i % 10 = 0 THEN 'open' ELSE 'paid' END, printf('%d.00', i % 500 + 1), 'HKD', 'Tea',
           printf('order-%d', i), 'https://shop.example/ok', 'https://shop.example/no',
           printf('%d.00', i % 500 + 1), '0.00', ${START} + i * ${STEP_MS} + 1800000,
           ${START} + i * ${STEP_MS}, ${START} + i * ${STEP_MS} FROM n`,
      )
      await tx.execute(
        `${numbers} INSERT INTO payments (id, session_id, wallet, service, pay_type, pay_scene, buyer_type,
           route_key, refund_service, out_trade_no, eft_trade_no, status, amount, currency, dispatch,
           expires_at, created_at, updated_at)
         SELECT printf('py_%020x', i), printf('cs_%020x', i), ${wallet}, 'service.alipay.wap.PreOrder',
           'x', 'WAP', 'ios', 'route', 'refund', printf('OUT%020d', i), printf('EFT%020d', i),
           CASE WHEN i % 10 = 0 THEN 'pending' ELSE 'succeeded' END, printf('%d.00', i % 500 + 1),
           'HKD', 'placed', ${START} + i * ${STEP_MS} + 900000, ${START} + i * ${STEP_MS} + 1000,
           ${START} + i * ${STEP_MS} + 1000 FROM n`,
      )
    })
  }
  return performance.now() - began
}

async function time(run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  await run() // warm: the first read pulls the index pages into the cache
  const samples: number[] = []
  for (let i = 0; i < RUNS; i += 1) {
    const began = performance.now()
    await run()
    samples.push(performance.now() - began)
  }
  samples.sort((a, b) => a - b)
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] ?? 0
  return { median: at(0.5), p95: at(0.95) }
}

async function main(): Promise<void> {
  const dir = process.env.LISTS_DB ? undefined : mkdtempSync(join(tmpdir(), 'bench-lists-'))
  const file = process.env.LISTS_DB ?? join(dir as string, 'lists.db')
  const reused = existsSync(file)
  const db = await openDatabase(`sqlite:${file}`)
  try {
    const seededMs = await seed(db)
    console.log(
      seededMs
        ? `seeded ${ROWS} sessions and ${ROWS} payments in ${(seededMs / 1000).toFixed(1)} s`
        : `reused ${file}${reused ? '' : ' (already seeded)'}`,
    )
    // Where page 500 starts: the keyset of the last row of page 499, as next_cursor would give it.
    const [edge] = await db.query(
      'SELECT created_at, id FROM sessions ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?',
      [PAGE * (DEEP_PAGES - 1) - 1],
    )
    const deep = encodeCursor('sessions', { t: Number(edge?.created_at), id: String(edge?.id) })
    const reference = `order-${Math.floor(ROWS / 3)}`
    const cases: Array<[string, () => Promise<{ data: unknown[] }>]> = [
      ['sessions: first page', () => listSessions(db, { limit: PAGE })],
      ['sessions: search by reference', () => listSessions(db, { limit: PAGE, q: reference })],
      [
        `sessions: page ${DEEP_PAGES} by cursor`,
        () => listSessions(db, { limit: PAGE, cursor: deep }),
      ],
      ['sessions: wallet=OCT, first page', () => listSessions(db, { limit: PAGE, wallet: 'OCT' })],
      ['payments: search by amount 250.00', () => listPayments(db, { limit: PAGE, q: '250.00' })],
    ]
    console.log(`\n${RUNS} runs each (the machine is shared: figures are indicative)`)
    for (const [name, run] of cases) {
      const found = (await run()).data.length
      const { median, p95 } = await time(run)
      console.log(
        `${name.padEnd(36)} median ${median.toFixed(2).padStart(7)} ms   p95 ${p95.toFixed(2).padStart(7)} ms   (${found} rows)`,
      )
    }
  } finally {
    await db.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}

await main()
