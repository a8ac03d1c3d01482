import { randomBytes } from 'node:crypto'
import { systemClock } from '../../signer/src/contract/clock.js'
import { formatGatewayTime } from '../../signer/src/gateway/hk-time.js'
import { signPayload } from '../../signer/src/gateway/sign.js'
import { type LoadResult, load } from './load.js'
import { BENCH_API_KEY, cpuMs, type Proc, SANDBOX_SECRET, SANDBOX_USER_KEY } from './processes.js'

/**
 * Payments started per second, three ways, at the same concurrency, against the same sandbox
 * process:
 *  - sandbox: signed PreOrders straight to the sandbox (what the gateway itself costs here);
 *  - baseline: the minimal relay (baseline-relay.ts);
 *  - signer: `POST /v1/sessions/:id/payments`, the whole path (validate, authorise the client
 *    secret, route, store the attempt, sign, relay, verify the reply, store it).
 * Each signer request pays a distinct, freshly created session, so the service's idempotent
 * "answer the pending payment again" shortcut never inflates the figure.
 */

export const SHOP_ORIGIN = 'http://127.0.0.1:5173'
/** One paced round: the sandbox alone, then the signer, at the same offered rate. */
export interface PacedRound {
  sandbox: LoadResult
  signer: LoadResult
}

/** Paced rounds whose p99 differences are reduced to their median. */
const PACED_ROUNDS = 3

/** Connections of the paced runs: few, so the requests of each second are spread, not fired in one burst. */
const PACED_CONNECTIONS = 5

/** The device every bench payment claims: a phone's browser, so the PreOrder is the WAP one. */
export const DEVICE = { os: 'ios', mobile: true, in_app: 'none' }

export interface RelayFigures {
  sandbox: LoadResult
  baseline: LoadResult
  /** The baseline relay on an undici Pool instead of fetch (when it was given). */
  baselinePool?: LoadResult
  signer: LoadResult
  /** The same offered load for both, well below either's capacity, so the p99s compare the work per
   *  request rather than queueing behind a saturated process. */
  paced: { rate: number; rounds: PacedRound[]; overheadMs: number }
  /** CPU milliseconds each process spent per completed request in the flat-out runs (Linux). */
  cpuPerRequest: {
    signer?: number
    baseline?: number
    baselinePool?: number
    sandboxUnderSigner?: number
    sandboxUnderBaseline?: number
  }
  /** Creating the sessions beforehand (merchant API), for the record. */
  sessionsPerSecond: number
}

/** Creates `count` sessions through the merchant API, `parallel` at a time. */
export async function createSessions(
  signerUrl: string,
  count: number,
  parallel = 16,
): Promise<Array<{ id: string; secret: string }>> {
  const out: Array<{ id: string; secret: string }> = []
  let next = 0
  async function worker() {
    while (next < count) {
      next += 1
      const res = await fetch(`${signerUrl}/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_API_KEY}` },
        body: JSON.stringify({
          amount: '128.00',
          currency: 'HKD',
          subject: 'Tea for two',
          success_url: `${SHOP_ORIGIN}/thanks`,
          cancel_url: `${SHOP_ORIGIN}/cart`,
        }),
      })
      const json = (await res.json()) as { id: string; client_secret: string }
      if (res.status !== 201)
        throw new Error(`creating a session answered ${res.status}: ${JSON.stringify(json)}`)
      out.push({ id: json.id, secret: json.client_secret })
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker))
  return out
}

/** A signed PreOrder as the signer would send it, with a unique order number. */
function preOrder(prefix: string, i: number): string {
  return JSON.stringify(
    signPayload(
      {
        service: 'service.alipay.wap.PreOrder',
        user_confirm_key: SANDBOX_USER_KEY,
        transaction_amount: '128.00',
        out_trade_no: `${prefix}${i}`,
        payType: 'Alipay',
        buyerType: 'ios',
        subject: 'Tea for two',
        wallet: 'ALIPAYHK',
        pay_scene: 'WAP',
        fee_type: 'HKD',
        notify_url: 'http://127.0.0.1:9/v1/gateway/notify',
        return_url: 'http://127.0.0.1:9/v1/gateway/return/x',
        active_time: '900',
        time: formatGatewayTime(systemClock()),
      },
      SANDBOX_SECRET,
    ),
  )
}

/**
 * `POST /v1/sessions/:id/payments` once per session (ALIPAYHK, a phone's device), through
 * autocannon: flat out, or paced at `rate` per second. Only 201 counts as success.
 */
export function startPayments(
  url: string,
  sessions: Array<{ id: string; secret: string }>,
  options: { connections: number; rate?: number },
) {
  return load({
    url,
    connections: options.connections,
    amount: sessions.length,
    ...(options.rate !== undefined ? { rate: options.rate } : {}),
    headers: { origin: SHOP_ORIGIN },
    path: (i) => `/v1/sessions/${sessions[i % sessions.length]?.id}/payments`,
    body: (i) =>
      JSON.stringify({
        client_secret: sessions[i % sessions.length]?.secret,
        wallet: 'ALIPAYHK',
        device: DEVICE,
        lang: 'en',
      }),
    ok: [201],
  })
}

export async function benchRelay(options: {
  sandbox: Proc & { gateway: string }
  baseline: Proc
  /** The same relay with BASELINE_HTTP=pool (baseline-relay.ts), measured beside it. */
  baselinePool?: Proc
  signer: Proc
  connections: number
  seconds: number
}): Promise<RelayFigures> {
  const { connections, seconds } = options
  const signerRun = (sessions: Array<{ id: string; secret: string }>, rate?: number) =>
    startPayments(options.signer.url, sessions, {
      connections: rate === undefined ? connections : PACED_CONNECTIONS,
      ...(rate !== undefined ? { rate } : {}),
    })

  // Warm up all three (JIT, connection pools, SQLite pages), and size the signer run from the
  // warm-up's rate so it lasts about `seconds` with one fresh session per request.
  const sandboxUrl = `${options.sandbox.gateway}/Servlet/JSAPIService.do`
  const warmPrefix = `W${randomBytes(3).toString('hex')}`
  // A refusal is still HTTP 200 at the gateway, so check once that these PreOrders are accepted.
  const probe = await fetch(sandboxUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: preOrder(warmPrefix, -1),
  })
  const probeReply = (await probe.json()) as { return_status?: string; return_char?: string }
  if (probeReply.return_status !== '00')
    throw new Error(`the sandbox refused the bench's PreOrder: ${JSON.stringify(probeReply)}`)
  await load({ url: sandboxUrl, connections, duration: 1, body: (i) => preOrder(warmPrefix, i) })
  await load({ url: `${options.baseline.url}/pay`, connections, duration: 1, body: () => '{}' })
  if (options.baselinePool)
    await load({
      url: `${options.baselinePool.url}/pay`,
      connections,
      duration: 1,
      body: () => '{}',
    })
  const started = performance.now()
  const warmSessions = await createSessions(options.signer.url, 300)
  const sessionsPerSecond = warmSessions.length / ((performance.now() - started) / 1000)
  const warm = await signerRun(warmSessions)
  // The warm-up runs on cold code, so its rate underestimates: 1.5x keeps the run near `seconds`.
  const count = Math.max(1000, Math.min(10_000, Math.round(warm.rps * seconds * 1.5)))
  const sessions = await createSessions(options.signer.url, count)

  const prefix = `S${randomBytes(3).toString('hex')}`
  const sandbox = await load({
    url: sandboxUrl,
    connections,
    duration: seconds,
    body: (i) => preOrder(prefix, i),
  })
  /** Runs `run` and returns its result with the CPU ms per request of `measured` processes. */
  const withCpu = async (procs: Proc[], run: () => Promise<LoadResult>) => {
    const before = procs.map(cpuMs)
    const result = await run()
    const per = procs.map((p, i) => {
      const a = before[i]
      const b = cpuMs(p)
      return a === undefined || b === undefined || result.requests === 0
        ? undefined
        : (b - a) / result.requests
    })
    return { result, per }
  }
  const base = await withCpu([options.baseline, options.sandbox], () =>
    load({ url: `${options.baseline.url}/pay`, connections, duration: seconds, body: () => '{}' }),
  )
  const pooled = options.baselinePool
  const basePool = pooled
    ? await withCpu([pooled], () =>
        load({ url: `${pooled.url}/pay`, connections, duration: seconds, body: () => '{}' }),
      )
    : undefined
  const sign = await withCpu([options.signer, options.sandbox], () => signerRun(sessions))
  const baseline = base.result
  const signer = sign.result
  const cpuPerRequest = {
    baseline: base.per[0],
    baselinePool: basePool?.per[0],
    sandboxUnderBaseline: base.per[1],
    signer: sign.per[0],
    sandboxUnderSigner: sign.per[1],
  }

  // Paced: a quarter of the signer's capacity (at most 200/s), the same rate for the sandbox alone.
  // A p99 over a few seconds is decided by a handful of requests, so one GC pause or a busy moment
  // on the machine can swing it either way: several rounds, and the median of their differences.
  const rate = Math.max(20, Math.min(200, Math.round(signer.rps / 4)))
  const rounds: PacedRound[] = []
  for (let round = 0; round < PACED_ROUNDS; round++) {
    const pacedSessions = await createSessions(options.signer.url, rate * seconds)
    const pacedPrefix = `P${round}${randomBytes(3).toString('hex')}`
    const pacedSandbox = await load({
      url: sandboxUrl,
      connections: PACED_CONNECTIONS,
      duration: seconds,
      rate,
      body: (i) => preOrder(pacedPrefix, i),
    })
    rounds.push({ sandbox: pacedSandbox, signer: await signerRun(pacedSessions, rate) })
  }
  const overheads = rounds.map((r) => r.signer.p99 - r.sandbox.p99).sort((a, b) => a - b)
  const overheadMs = overheads[Math.floor(overheads.length / 2)] ?? Number.NaN
  return {
    sandbox,
    baseline,
    ...(basePool ? { baselinePool: basePool.result } : {}),
    signer,
    paced: { rate, rounds, overheadMs },
    cpuPerRequest,
    sessionsPerSecond,
  }
}
