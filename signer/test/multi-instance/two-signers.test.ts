import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { SANDBOX_SECRET, SANDBOX_USER_KEY } from '@eftpay/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../src/store/db.js'
import { openDatabase } from '../../src/store/open.js'
import { dropTestDatabase, postgresUrlWithSchema, testStore } from '../postgres/test-store.js'

/**
 * Two signer processes on one PostgreSQL database behind a load balancer, with the eftPay sandbox
 * as a third process acting as the (live-mode) gateway: what a merchant who outgrew one process
 * runs (docs/deploy.md "One process or several"). The load balancer in this file sends every gateway notification to BOTH signers
 * at the same moment, the worst case of a retried notification landing on two instances.
 */

const signerRoot = fileURLToPath(new URL('../..', import.meta.url))
const API_KEY = 'sk_multi_instance_0123456789abcdef0123456789'
const WEBHOOK_SECRET = 'whsec_multi_instance_0123456789abcdef'
const SHOP = 'http://127.0.0.1:5173'

interface Proc {
  child: ChildProcess
  output: string[]
  exited: Promise<number | null>
}

/** Starts `node --import tsx <entry>` from signer/ and resolves with the first log line `match` accepts. */
async function startProcess(
  entry: string,
  env: Record<string, string>,
  match: (line: Record<string, unknown>) => boolean,
): Promise<{ proc: Proc; line: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: signerRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const output: string[] = []
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  const proc = { child, output, exited }
  const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
    let buffered = ''
    const timer = setTimeout(
      () => reject(new Error(`${entry} did not start: ${output.join('')}`)),
      30_000,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString())
      buffered += chunk.toString()
      let newline = buffered.indexOf('\n')
      while (newline !== -1) {
        const text = buffered.slice(0, newline)
        buffered = buffered.slice(newline + 1)
        newline = buffered.indexOf('\n')
        try {
          const parsed = JSON.parse(text) as Record<string, unknown>
          if (match(parsed)) {
            clearTimeout(timer)
            resolve(parsed)
          }
        } catch {
          // not a JSON line
        }
      }
    })
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${entry} exited ${code}: ${output.join('')}`))
    })
  })
  return { proc, line }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > until) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.skipIf(testStore() !== 'postgres')(
  'two signer instances on one PostgreSQL database',
  () => {
    // Computed in beforeAll: the describe body is collected even when the suite is skipped (SQLite run).
    let dbUrl = ''
    let db: Db
    let sandbox: Proc
    let gatewayUrl = ''
    const signers: Array<{ proc: Proc; url: string }> = []
    let balancer: Server
    let balancerUrl = ''
    let hooks: Server
    const notifyAnswers: Array<{ status: number; body: string }> = []
    const notifyBodies: string[] = []
    const delivered: string[] = []

    beforeAll(async () => {
      dbUrl = postgresUrlWithSchema(`t_multi_${randomBytes(6).toString('hex')}`)
      // The schema exists before either instance starts, so both race only on migrations.
      db = await openDatabase(dbUrl)

      hooks = createServer((req, res) => {
        void readBody(req).then((body) => {
          delivered.push((JSON.parse(body.toString()) as { id: string }).id)
          res.writeHead(204).end()
        })
      })
      const hooksUrl = await listen(hooks)

      // The load balancer: gateway notifications go to both instances at once; the rest round-robin.
      let turn = 0
      balancer = createServer((req, res) => {
        void (async () => {
          const body = await readBody(req)
          const forward = (base: string) =>
            fetch(`${base}${req.url ?? '/'}`, {
              method: req.method ?? 'GET',
              headers: {
                'content-type': String(req.headers['content-type'] ?? 'application/octet-stream'),
              },
              ...(body.length ? { body } : {}),
              redirect: 'manual',
            })
          if (req.url === '/v1/gateway/notify') {
            notifyBodies.push(body.toString())
            const answers = await Promise.all(signers.map((s) => forward(s.url)))
            const texts = await Promise.all(answers.map((a) => a.text()))
            answers.forEach((a, i) =>
              notifyAnswers.push({ status: a.status, body: texts[i] ?? '' }),
            )
            res
              .writeHead(answers[0]?.status ?? 502, { 'content-type': 'application/json' })
              .end(texts[0])
            return
          }
          const target = signers[turn++ % signers.length]
          const answer = await forward(target?.url ?? '')
          res
            .writeHead(answer.status, Object.fromEntries(answer.headers))
            .end(Buffer.from(await answer.arrayBuffer()))
        })().catch(() => res.writeHead(502).end())
      })
      balancerUrl = await listen(balancer)

      const started = await startProcess(
        '../sandbox/src/main.ts',
        { PORT: '0' },
        (l) => typeof l.gateway === 'string',
      )
      sandbox = started.proc
      gatewayUrl = String(started.line.gateway)

      const env = {
        PORT: '0',
        PUBLIC_URL: balancerUrl,
        EFTPAY_GATEWAY_URL: gatewayUrl,
        EFTPAY_USER_KEY: SANDBOX_USER_KEY,
        EFTPAY_SECRET: SANDBOX_SECRET,
        SIGNER_API_KEY: API_KEY,
        ALLOWED_ORIGINS: SHOP,
        DATABASE_URL: dbUrl,
        MERCHANT_WEBHOOK_URL: `${hooksUrl}/eftpay`,
        MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
        EFTPAY_WALLETS: 'ALIPAYHK,WECHATHK',
        RATE_LIMIT_PER_MINUTE: '100000',
        LOG_LEVEL: 'info',
      }
      const both = await Promise.all(
        [1, 2].map(() =>
          startProcess('src/main.ts', env, (l) => l.msg === 'eftpay signer listening'),
        ),
      )
      for (const { proc, line } of both)
        signers.push({ proc, url: `http://${String(line.listen)}` })
    }, 60_000)

    afterAll(async () => {
      for (const { proc } of [...signers, ...(sandbox ? [{ proc: sandbox }] : [])]) {
        if (proc.child.exitCode === null) proc.child.kill('SIGKILL')
      }
      await Promise.all([...signers.map((s) => s.proc.exited), sandbox?.exited])
      if (balancer) await close(balancer)
      if (hooks) await close(hooks)
      await db?.close()
      if (dbUrl) await dropTestDatabase(dbUrl)
    })

    const api = (base: string, path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${API_KEY}`,
          'content-type': 'application/json',
          ...init.headers,
        },
      })

    async function createSession(amount = '88.00') {
      const res = await api(signers[0]!.url, '/v1/sessions', {
        method: 'POST',
        body: JSON.stringify({
          amount,
          currency: 'HKD',
          subject: 'Oolong',
          success_url: `${SHOP}/ok`,
          cancel_url: `${SHOP}/cart`,
        }),
      })
      expect(res.status).toBe(201)
      return (await res.json()) as { id: string; client_secret: string }
    }

    const startPayment = (base: string, session: { id: string; client_secret: string }) =>
      fetch(`${base}/v1/sessions/${session.id}/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP },
        body: JSON.stringify({
          client_secret: session.client_secret,
          wallet: 'ALIPAYHK',
          device: { os: 'ios', mobile: true, in_app: 'none' },
          lang: 'en',
        }),
      })

    it('the same payment request sent to both instances at once places one gateway order', async () => {
      // Several sessions, each started three times on each instance at once (double clicks, retries
      // through the load balancer): the race has to be won by the database, not by timing.
      const sessions = await Promise.all([1, 2, 3, 4].map(() => createSession()))
      await Promise.all(
        sessions.map(async (session) => {
          const answers = await Promise.all(
            [0, 1, 0, 1, 0, 1].map((i) => startPayment(signers[i]!.url, session)),
          )
          const bodies = (await Promise.all(answers.map((a) => a.json()))) as Array<{
            id: string
            out_trade_no: string
          }>
          expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 201])
          expect(new Set(bodies.map((b) => b.id)).size).toBe(1)
          expect(new Set(bodies.map((b) => b.out_trade_no)).size).toBe(1)
          // One payment row, and one attempt number taken: only one PreOrder left the signers.
          expect(
            await db.query('SELECT id FROM payments WHERE session_id = ?', [session.id]),
          ).toHaveLength(1)
          expect(
            await db.query('SELECT payment_attempts FROM sessions WHERE id = ?', [session.id]),
          ).toEqual([{ payment_attempts: 1 }])
        }),
      )
    })

    it('a notification delivered to both instances at once is applied once, and each webhook is sent once', async () => {
      const sessions = await Promise.all([
        createSession('10.00'),
        createSession('20.00'),
        createSession('30.00'),
      ])
      for (const session of sessions) {
        const res = await startPayment(signers[1]!.url, session)
        expect(res.status).toBe(201)
        const payment = (await res.json()) as { eft_trade_no: string; next_action: { url: string } }
        // The shopper pays on the (sandbox) gateway; it notifies PUBLIC_URL, which hits both signers.
        const paid = await fetch(payment.next_action.url, {
          method: 'POST',
          body: new URLSearchParams({ outcome: 'success' }),
          redirect: 'manual',
        })
        expect(paid.status).toBeLessThan(400)
      }
      await eventually(async () => notifyAnswers.length >= 6)
      expect(
        notifyAnswers.every(
          (a) => a.status === 200 && JSON.parse(a.body).return_code === 'success',
        ),
      ).toBe(true)

      // The same notifications once more, to both at once: acknowledged again, applied never again.
      await Promise.all(
        notifyBodies.flatMap((body) =>
          signers.map((s) =>
            fetch(`${s.url}/v1/gateway/notify`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body,
            }).then(async (r) =>
              expect([r.status, ((await r.json()) as { return_code: string }).return_code]).toEqual(
                [200, 'success'],
              ),
            ),
          ),
        ),
      )

      for (const session of sessions) {
        const res = await api(signers[0]!.url, `/v1/sessions/${session.id}`)
        expect(((await res.json()) as { status: string }).status).toBe('paid')
        const stored = await db.query<{ result: string }>(
          'SELECT n.result FROM notifications n JOIN payments p ON p.out_trade_no = n.out_trade_no WHERE p.session_id = ?',
          [session.id],
        )
        expect(stored).toEqual([{ result: 'applied' }])
      }
      const events = await db.query<{ type: string; n: number }>(
        "SELECT type, COUNT(*) AS n FROM outbox WHERE type IN ('session.paid', 'payment.succeeded') GROUP BY type ORDER BY type",
      )
      expect(events).toEqual([
        { type: 'payment.succeeded', n: 3 },
        { type: 'session.paid', n: 3 },
      ])

      // A backlog for both dispatchers to share: every event reaches the merchant exactly once.
      for (let i = 0; i < 40; i++) {
        const id = `ev_bulk_${String(i).padStart(2, '0')}`
        const payload = JSON.stringify({
          id,
          type: 'session.expired',
          created_at: new Date().toISOString(),
          data: {},
        })
        await db.execute(
          "INSERT INTO outbox (id, type, payload, status, attempts, next_attempt_at, created_at) VALUES (?, 'session.expired', ?, 'pending', 0, ?, ?)",
          [id, payload, Date.now(), Date.now()],
        )
      }
      const [total] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM outbox')
      await eventually(async () => {
        const [pending] = await db.query<{ n: number }>(
          "SELECT COUNT(*) AS n FROM outbox WHERE status <> 'delivered'",
        )
        return pending?.n === 0
      })
      expect(delivered).toHaveLength(total?.n ?? -1)
      expect(new Set(delivered).size).toBe(delivered.length)
    })

    it('both instances answer /readyz, /metrics and /openapi.json, and drain and exit 0 on SIGTERM', async () => {
      for (const { url } of signers) {
        expect((await fetch(`${url}/readyz`)).status).toBe(200)
        const metrics = await fetch(`${url}/metrics`)
        expect(metrics.status).toBe(200)
        const text = await metrics.text()
        expect(text).toContain('signer_http_requests_total')
        expect(text).toMatch(/signer_gateway_notifications_total\{result="accepted"\} [1-9]/)
        const openapi = await fetch(`${url}/openapi.json`)
        expect(openapi.status).toBe(200)
        expect(((await openapi.json()) as { openapi: string }).openapi).toMatch(/^3\./)
      }
      for (const { proc } of signers) proc.child.kill('SIGTERM')
      expect(await Promise.all(signers.map((s) => s.proc.exited))).toEqual([0, 0])
    })
  },
)
