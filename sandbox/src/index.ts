import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { mountAdminRoutes } from './admin-routes.js'
import { FaultBook, type GatewayFault, type Servlet } from './faults.js'
import { handleJsapi } from './gateway.js'
import { type Clock, formatGatewayTime } from './hk-time.js'
import { DEFAULT_NOTIFY_SCHEDULE_MS, type DeliveryAttempt, Notifier } from './notifier.js'
import { OrderStore, type Outcome, type SandboxOrder } from './orders.js'
import { renderNotFound, renderPayPage, renderResultPage } from './pay-page.js'
import { PAY_PAGE_CSS } from './pay-style.js'
import { notificationFields, returnFields, signReply } from './payloads.js'
import { platformRules, type SandboxPlatform } from './platform.js'
import { handleQuery } from './query.js'
import type { GatewayContext } from './requests.js'
import { RETURN_CODES, SandboxRefusal } from './return-codes.js'
import { acceptedSignatures, VariantBook, type VariantsInput, variantsFrom } from './variants.js'
import type { SignVariant } from './wire.js'

/**
 * The eftPay sandbox: a simulator of the VMP gateway (docs/protocol.md) for the demo, every test and
 * merchants' own tests. It holds its orders in memory. sandbox/README.md documents its
 * return codes, amount rules and fault injection.
 */

export { SANDBOX_SECRET, SANDBOX_USER_KEY } from './credentials.js'
export {
  PLATFORM_RULES,
  type PlatformRules,
  SANDBOX_PLATFORMS,
  type SandboxPlatform,
} from './platform.js'
export { RETURN_CODES, type ReturnCode } from './return-codes.js'
export { SERVICES } from './services.js'
export {
  DEFAULT_VARIANTS,
  type Variants,
  type VariantsInput,
  variantsInput,
} from './variants.js'
export { canonical, digest, SIGN_VARIANTS, type SignVariant, signed } from './wire.js'

export interface SandboxOptions {
  /** The merchant credentials the simulator shares with the signer. */
  userKey: string
  secret: string
  clock: Clock
  /** Public URL where the sandbox app is reachable, e.g. http://127.0.0.1:8787/sandbox (builds pay_apptrade). */
  publicUrl: string
  /** Allowed distance between a request's `time` and the clock; default 300. */
  timeWindowSeconds?: number
  /** Wait before each notify attempt; default [0, 15_000, 60_000, 300_000, 1_800_000]. */
  notifyRetryScheduleMs?: number[]
  /**
   * The eftPay platform it plays (platform.ts, README "Platforms"): `vmp` (default) or `oapm`, which
   * changes the base path, the acknowledgements taken, the return method and the default variants.
   */
  platform?: SandboxPlatform
  /**
   * How the shopper is sent to `return_url`; default 'POST' (docs/protocol.md, "Notification"), on
   * OAPM 'GET' (the signed payload in the query).
   */
  returnMethod?: 'POST' | 'GET'
  /** Shown on the pay page; default 'eftPay Sandbox Merchant'. */
  merchantName?: string
  /** For notify delivery. */
  fetch?: typeof fetch
  /** How long a refund stays TRADE_PROCESSING; default 0 (final on the next query). */
  refundDelayMs?: number
  /** Seconds before the POST-return page's meta refresh GETs `return_url`; default 5. */
  returnRefreshSeconds?: number
  /**
   * How replies, notifications and returns are signed: empty values dropped from the signed string
   * (default), kept as `k=`, or the hex in capitals. The pages leave it open (docs/protocol.md
   * "Signature"); faults vary one reply, notification or return at a time.
   */
  signVariant?: SignVariant
  /**
   * The answers it plays to the open protocol questions (variants.ts, README "Variants"); each one
   * left out is the default. `POST /variants` changes them at run time, `DELETE /variants` returns
   * to these.
   */
  variants?: VariantsInput
}

export interface Sandbox {
  /** Hono app with routes relative to the sandbox root: POST /VMP/Servlet/JSAPIService.do,
   *  POST /VMP/Servlet/QRcodeTradeQuery.do (under /OAPM/v1 on OAPM), GET|POST /pay/:eft_trade_no, POST|GET|DELETE /faults,
   *  GET /orders/:eft_trade_no, POST /notify/:eft_trade_no/resend. Mounted by the signer with
   *  app.route('/sandbox', sandbox.app). */
  app: Hono
  /** The variants in play, to read or change from a test (as POST /variants does). */
  variants: VariantBook
  /** Resolves when every notification delivery in flight has settled (for tests). */
  idle(): Promise<void>
  /** Stops retry timers. */
  close(): void
}

/**
 * A strict CSP for the sandbox's HTML pages. The result page's form posts to return_url, whose
 * owner (the signer's return route) redirects the shopper on to the merchant's own page, on an
 * origin the sandbox cannot know; Chromium applies `form-action` to every hop of that redirect
 * chain, so that page allows any http(s) target.
 */
function pageCsp(returnUrl?: string): string {
  const formAction = returnUrl ? "'self' http: https:" : "'self'"
  return `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action ${formAction}; base-uri 'none'; frame-ancestors 'none'`
}

export function createSandbox(options: SandboxOptions): Sandbox {
  const publicUrl = options.publicUrl.replace(/\/+$/, '')
  const merchantName = options.merchantName ?? 'eftPay Sandbox Merchant'
  const platform = platformRules(options.platform)
  const returnMethod = options.returnMethod ?? platform.returnMethod
  const faults = new FaultBook()
  const variants = new VariantBook(variantsFrom({ ...platform.variants, ...options.variants }))
  const store = new OrderStore(options.clock, options.refundDelayMs ?? 0)
  const notifier = new Notifier({
    secret: options.secret,
    schedule: options.notifyRetryScheduleMs ?? DEFAULT_NOTIFY_SCHEDULE_MS,
    faults,
    fetch: options.fetch ?? fetch,
    acceptedSignatures: () => acceptedSignatures(variants.get()),
    jsonAcknowledgement: platform.acknowledgement === 'text-or-signed-json',
  })
  const deliveries = new Map<string, DeliveryAttempt[]>()
  const pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>()

  /** Sends the order's current state to its notify_url (docs/protocol.md, "Notification"), unless it is a no-notify wallet. */
  function notify(order: SandboxOrder): boolean {
    if (!order.notifies || !order.notifyUrl) return false
    const log = deliveries.get(order.eftTradeNo) ?? []
    deliveries.set(order.eftTradeNo, log)
    notifier.deliver({
      url: order.notifyUrl,
      log,
      payload: (fault) =>
        signReply(
          notificationFields(order, store.status(order), options.userKey, options.clock),
          options.secret,
          options.signVariant,
          fault,
        ),
    })
    return true
  }

  const ctx: GatewayContext = {
    userKey: options.userKey,
    secret: options.secret,
    clock: options.clock,
    timeWindowSeconds: options.timeWindowSeconds ?? 300,
    publicUrl,
    store,
    notify: (order) => void notify(order),
    variants: () => variants.get(),
  }

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          pending.delete(entry)
          resolve()
        }, ms),
        resolve,
      }
      pending.add(entry)
    })
  }

  /** Runs a servlet: faults, the handler, refusals turned into signed replies. */
  async function servlet(
    c: Context,
    name: Servlet,
    handler: (raw: unknown, ctx: GatewayContext) => Record<string, string>,
  ) {
    const fault: GatewayFault | undefined = faults.takeGateway(name)
    if (fault?.http_status !== undefined) {
      // A 5xx happens before eftPay looks at the request: nothing is processed.
      await sleep(fault.latency_ms)
      return c.text(`eftPay sandbox: injected HTTP ${fault.http_status}`, fault.http_status as 500)
    }
    let reply: Record<string, string>
    try {
      const text = await c.req.text()
      let raw: unknown
      try {
        raw = JSON.parse(text)
      } catch {
        throw new SandboxRefusal(RETURN_CODES.BAD_BODY, 'body must be JSON')
      }
      reply = handler(raw, ctx)
    } catch (error) {
      const refusal =
        error instanceof SandboxRefusal
          ? error
          : new SandboxRefusal(RETURN_CODES.SYSTEM, 'sandbox system error')
      reply = {
        return_status: refusal.code,
        return_char: refusal.message,
        time: formatGatewayTime(options.clock()),
      }
    }
    if (fault) {
      for (const field of fault.drop_fields) delete reply[field]
      Object.assign(reply, fault.add_fields)
    }
    const signed = signReply(reply, options.secret, fault?.sign_variant ?? options.signVariant, {
      wrong_signature: fault?.wrong_signature ?? false,
    })
    // `sign` is only there once signed: dropping it means an unsigned answer.
    if (fault?.drop_fields.includes('sign')) delete signed.sign
    // Latency comes after processing: the request was taken, only the answer is late.
    if (fault) await sleep(fault.latency_ms)
    if (fault?.malformed_json) {
      return c.body('{"return_status":"00","return_char":"","eft_trade_no":', 200, {
        'Content-Type': 'application/json',
      })
    }
    return c.json(signed)
  }

  const app = new Hono()
  // Gateway bodies are small; a wallet token is the largest field (16 kB, docs/protocol.md "Google Pay").
  app.use(
    '*',
    bodyLimit({
      maxSize: 128 * 1024,
      onError: (c) => c.text('eftPay sandbox: body too large', 413),
    }),
  )

  app.post(`${platform.basePath}/Servlet/JSAPIService.do`, (c) =>
    servlet(c, 'JSAPIService.do', handleJsapi),
  )
  app.post(`${platform.basePath}/Servlet/QRcodeTradeQuery.do`, (c) =>
    servlet(c, 'QRcodeTradeQuery.do', handleQuery),
  )

  app.get('/assets/pay.css', (c) =>
    c.body(PAY_PAGE_CSS, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
    }),
  )

  function html(c: Context, body: string, status: 200 | 400 | 404 | 409, returnUrl?: string) {
    return c.body(body, status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': pageCsp(returnUrl),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    })
  }

  app.get('/pay/:eft_trade_no', (c) => {
    const order = store.get(c.req.param('eft_trade_no'))
    if (!order) return html(c, renderNotFound(), 404)
    const selfUrl = `${publicUrl}/pay/${order.eftTradeNo}`
    return html(
      c,
      renderPayPage(order, { merchantName, selfUrl, status: store.status(order) }),
      200,
      order.returnUrl,
    )
  })

  app.post('/pay/:eft_trade_no', async (c) => {
    const order = store.get(c.req.param('eft_trade_no'))
    if (!order) return html(c, renderNotFound(), 404)
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const outcome = form.outcome
    if (outcome !== 'success' && outcome !== 'fail' && outcome !== 'cancel') {
      return c.text('outcome must be success, fail or cancel', 400)
    }
    const status = store.settle(order, outcome as Outcome)
    if (status === undefined) {
      // Already paid, failed, closed or expired: show the order as it is; nothing changes.
      const selfUrl = `${publicUrl}/pay/${order.eftTradeNo}`
      return html(
        c,
        renderPayPage(order, { merchantName, selfUrl, status: store.status(order) }),
        409,
        order.returnUrl,
      )
    }
    if (status !== 'TRADE_PROCESSING') notify(order)
    if (!order.returnUrl) return html(c, renderResultPage(order, { merchantName, status }), 200)
    const fields = signReply(
      returnFields(order, status, options.userKey, options.clock),
      options.secret,
      options.signVariant,
      faults.takeReturn(),
    )
    const query = `${order.returnUrl}?${new URLSearchParams(fields).toString()}`
    if (returnMethod === 'GET') return c.redirect(query, 303)
    const page = renderResultPage(order, {
      merchantName,
      status,
      returnUrl: order.returnUrl,
      returnFields: fields,
      refreshUrl: query,
      refreshSeconds: options.returnRefreshSeconds ?? 5,
    })
    return html(c, page, 200, order.returnUrl)
  })

  mountAdminRoutes(app, { faults, variants, store, deliveries, publicUrl, notify })

  app.onError((_error, c) => c.text('eftPay sandbox: internal error', 500))

  return {
    app,
    variants,
    idle: () => notifier.idle(),
    close() {
      notifier.close()
      for (const entry of pending) {
        clearTimeout(entry.timer)
        entry.resolve()
      }
      pending.clear()
    },
  }
}
