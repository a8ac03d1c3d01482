import autocannon from 'autocannon'

/**
 * A thin promise wrapper over autocannon (the load generator) that keeps what the table needs:
 * completed requests per second, latency percentiles, and every response that was not the
 * expected status (a benchmark that silently counts errors as throughput lies).
 */

export interface LoadResult {
  requests: number
  seconds: number
  rps: number
  p50: number
  p99: number
  max: number
  /** Responses with a status other than `okStatus`, plus socket errors and timeouts. */
  errors: number
  statuses: Record<string, number>
}

export interface LoadOptions {
  url: string
  connections: number
  /** Either a duration in seconds or an exact number of requests. */
  duration?: number
  amount?: number
  /** Paced: at most this many requests per second over all connections (default: as fast as it can). */
  rate?: number
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  /** The body of request number `i` (0-based, in send order). */
  body?: (i: number) => string
  /** Path of request number `i` (default: the URL's). */
  path?: (i: number) => string
  /** Statuses that count as success (default 200 and 201). */
  ok?: number[]
}

export function load(options: LoadOptions): Promise<LoadResult> {
  const ok = new Set(options.ok ?? [200, 201])
  const statuses: Record<string, number> = {}
  let sent = 0
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        timeout: 30,
        ...(options.rate !== undefined ? { overallRate: options.rate } : {}),
        ...(options.amount !== undefined
          ? { amount: options.amount }
          : { duration: options.duration ?? 5 }),
        requests: [
          {
            method: options.method ?? 'POST',
            headers: { 'content-type': 'application/json', ...options.headers },
            setupRequest: (request) => {
              const i = sent++
              const path = options.path?.(i)
              return {
                ...request,
                ...(path ? { path } : {}),
                ...(options.body ? { body: options.body(i) } : {}),
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error)
        let errors = result.errors + result.timeouts
        for (const [status, count] of Object.entries(statuses))
          if (!ok.has(Number(status))) errors += count
        // Wall time measured here, to the millisecond (the report's own duration is coarser).
        const seconds = (performance.now() - started) / 1000
        resolve({
          requests: result.requests.total,
          seconds,
          rps: result.requests.total / seconds,
          p50: result.latency.p50,
          p99: result.latency.p99,
          max: result.latency.max,
          errors,
          statuses,
        })
      },
    )
    instance.on('response', (_client, statusCode) => {
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
    })
  })
}
