import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { systemClock } from './hk-time.js'
import { createSandbox, SANDBOX_SECRET, SANDBOX_USER_KEY, type Sandbox } from './index.js'
import { platformRules, SANDBOX_PLATFORMS, type SandboxPlatform } from './platform.js'
import { type VariantsInput, variantsInput } from './variants.js'

/**
 * Runs the sandbox alone, for benchmarks and merchants' own tests:
 *   PORT (default 8788), SANDBOX_PUBLIC_URL (default http://127.0.0.1:$PORT/sandbox),
 *   EFTPAY_USER_KEY / EFTPAY_SECRET (default the documented sandbox credentials),
 *   SANDBOX_NOTIFY_RETRY_SCHEDULE_MS (comma list of waits before each notify attempt, e.g. "0,500,2000";
 *   default the README's 0 s, 15 s, 1 min, 5 min, 30 min),
 *   SANDBOX_VARIANTS (the README's "Variants" as a comma list of name=value, e.g.
 *   "refund_service=common,order_not_found_code=14,accept_uppercase_sign=true"),
 *   SANDBOX_PLATFORM (`vmp`, the default, or `oapm`: the README's "Platforms").
 * It listens on 127.0.0.1 only. The gateway base URL for a client is `${SANDBOX_PUBLIC_URL}/VMP`
 * (`/OAPM/v1` with SANDBOX_PLATFORM=oapm).
 */

const port = Number(process.env.PORT ?? 8788)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`)
  process.exit(1)
}
const scheduleRaw = process.env.SANDBOX_NOTIFY_RETRY_SCHEDULE_MS?.trim()
const notifyRetryScheduleMs = scheduleRaw
  ? scheduleRaw.split(',').map((v) => Number(v.trim()))
  : undefined
if (notifyRetryScheduleMs?.some((ms) => !Number.isInteger(ms) || ms < 0)) {
  console.error(
    `SANDBOX_NOTIFY_RETRY_SCHEDULE_MS must be a comma list of milliseconds, got ${JSON.stringify(scheduleRaw)}`,
  )
  process.exit(1)
}
const variants = parseVariants(process.env.SANDBOX_VARIANTS)
const platformRaw = process.env.SANDBOX_PLATFORM?.trim().toLowerCase() || 'vmp'
if (!(SANDBOX_PLATFORMS as readonly string[]).includes(platformRaw)) {
  console.error(
    `SANDBOX_PLATFORM must be one of ${SANDBOX_PLATFORMS.join(', ')}, got ${JSON.stringify(process.env.SANDBOX_PLATFORM)}`,
  )
  process.exit(1)
}
const platform = platformRaw as SandboxPlatform
const root = new Hono()
root.get('/healthz', (c) => c.json({ ok: true }))
let sandbox: Sandbox | undefined

// The public URL may depend on the port the system picked (PORT=0), so the sandbox is built once
// the server listens; until then it answers 503.
const server = serve(
  {
    fetch: (request) => (sandbox ? root.fetch(request) : new Response('starting', { status: 503 })),
    port,
    hostname: '127.0.0.1',
  },
  (info) => {
    const publicUrl = process.env.SANDBOX_PUBLIC_URL ?? `http://127.0.0.1:${info.port}/sandbox`
    sandbox = createSandbox({
      userKey: process.env.EFTPAY_USER_KEY ?? SANDBOX_USER_KEY,
      secret: process.env.EFTPAY_SECRET ?? SANDBOX_SECRET,
      clock: systemClock,
      publicUrl,
      ...(notifyRetryScheduleMs ? { notifyRetryScheduleMs } : {}),
      variants,
      platform,
    })
    root.route('/sandbox', sandbox.app)
    console.log(
      JSON.stringify({
        msg: 'eftPay SANDBOX listening',
        port: info.port,
        platform,
        gateway: `${publicUrl}${platformRules(platform).basePath}`,
      }),
    )
  },
)

function shutdown() {
  sandbox?.close()
  server.close(() => process.exit(0))
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)

/** `SANDBOX_VARIANTS`: `name=value` pairs, `true`/`false` for switches; exits naming a wrong one. */
function parseVariants(raw: string | undefined): VariantsInput {
  const pairs = (raw ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2).map((part) => part.trim())
      return [name, value === 'true' ? true : value === 'false' ? false : value] as const
    })
  const parsed = variantsInput.safeParse(Object.fromEntries(pairs))
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  console.error(
    `SANDBOX_VARIANTS: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'} (see the sandbox README, "Variants"), got ${JSON.stringify(raw)}`,
  )
  process.exit(1)
}
