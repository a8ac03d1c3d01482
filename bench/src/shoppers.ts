import { BENCH_API_KEY } from './processes.js'
import { DEVICE, SHOP_ORIGIN } from './relay-bench.js'
import { percentile } from './time-to-wallets.js'

/**
 * A bounded load run of the whole flow: `count` shoppers at once, each doing what the merchant's
 * backend, the widget, the shopper and the sandbox do for one real payment:
 *   merchant backend   POST /v1/sessions (API key)
 *   widget             GET /v1/config, GET /v1/sessions/:id?client_secret, POST /v1/sessions/:id/payments
 *   shopper            GET the sandbox pay page, press "pay" (POST outcome=success)
 *   browser            POSTs the signed return form to the signer's return_url (303 to success_url)
 *   widget             polls GET /v1/sessions/:id?client_secret until `paid` (the verified
 *                      notification, sent by the sandbox process to the signer, decides that)
 * Any unexpected status, or a session not paid within 60 s, is an error.
 */

export interface ShopperFigures {
  shoppers: number
  errors: number
  firstErrors: string[]
  flowP50: number
  flowP99: number
  /** Each signer request's latency inside those flows (ms). */
  requestP99: number
  requests: number
  seconds: number
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

export async function runShoppers(signerUrl: string, count: number): Promise<ShopperFigures> {
  const requestTimes: number[] = []
  const errors: string[] = []

  /** A signer call, timed; throws on a status other than `expect`. */
  async function call(path: string, expect: number[], init: RequestInit = {}): Promise<Response> {
    const started = performance.now()
    const res = await fetch(`${signerUrl}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { origin: SHOP_ORIGIN, ...init.headers },
    })
    const body = await res.arrayBuffer()
    requestTimes.push(performance.now() - started)
    if (!expect.includes(res.status))
      throw new Error(
        `${init.method ?? 'GET'} ${path.replace(/\?.*/, '')}: ${res.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`,
      )
    return new Response(body, { status: res.status, headers: res.headers })
  }

  async function shopper(n: number): Promise<number> {
    const started = performance.now()
    const json = { 'content-type': 'application/json' }
    const created = (await (
      await call('/v1/sessions', [201], {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${BENCH_API_KEY}` },
        body: JSON.stringify({
          amount: `${10 + (n % 90)}.50`,
          currency: 'HKD',
          subject: `Order ${n}`,
          reference: `LOAD-${n}`,
          success_url: `${SHOP_ORIGIN}/thanks`,
          cancel_url: `${SHOP_ORIGIN}/cart`,
        }),
      })
    ).json()) as { id: string; client_secret: string }
    const secret = encodeURIComponent(created.client_secret)
    await Promise.all([
      call('/v1/config?os=ios&mobile=true&in_app=none', [200]),
      call(`/v1/sessions/${created.id}?client_secret=${secret}`, [200]),
    ])
    const payment = (await (
      await call(`/v1/sessions/${created.id}/payments`, [201], {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          client_secret: created.client_secret,
          wallet: 'ALIPAYHK',
          device: DEVICE,
          lang: 'en',
        }),
      })
    ).json()) as { next_action: { url: string } }
    // The shopper on the sandbox's pay page (another process: not a signer request).
    const payUrl = payment.next_action.url
    const page = await fetch(payUrl)
    await page.arrayBuffer()
    if (page.status !== 200) throw new Error(`pay page: ${page.status}`)
    const result = await fetch(payUrl, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'success' }),
      redirect: 'manual',
    })
    const html = await result.text()
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (result.status !== 200 || !action)
      throw new Error(`pay page press: ${result.status}, no return form`)
    const fields = new URLSearchParams()
    for (const m of html.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
      fields.append(unescape(m[1] ?? ''), unescape(m[2] ?? ''))
    const back = await call(new URL(unescape(action)).pathname, [303], {
      method: 'POST',
      body: fields,
    })
    if (!back.headers.get('location')?.startsWith(`${SHOP_ORIGIN}/thanks`))
      throw new Error(`return went to ${back.headers.get('location')}`)
    // The widget on the thanks page waits for the verified outcome.
    const until = Date.now() + 60_000
    for (;;) {
      const session = (await (
        await call(`/v1/sessions/${created.id}?client_secret=${secret}`, [200])
      ).json()) as { status: string }
      if (session.status === 'paid') break
      if (session.status !== 'open' || Date.now() > until)
        throw new Error(`session ended ${session.status}, not paid`)
      await new Promise((r) => setTimeout(r, 100))
    }
    return performance.now() - started
  }

  const started = performance.now()
  const flows = await Promise.all(
    Array.from({ length: count }, (_, n) =>
      shopper(n).catch((error: unknown) => {
        errors.push(error instanceof Error ? error.message : String(error))
        return undefined
      }),
    ),
  )
  const seconds = (performance.now() - started) / 1000
  const done = flows.filter((t): t is number => t !== undefined).sort((a, b) => a - b)
  const sortedRequests = [...requestTimes].sort((a, b) => a - b)
  return {
    shoppers: count,
    errors: errors.length,
    firstErrors: errors.slice(0, 3),
    flowP50: percentile(done, 50),
    flowP99: percentile(done, 99),
    requestP99: percentile(sortedRequests, 99),
    requests: requestTimes.length,
    seconds,
  }
}
