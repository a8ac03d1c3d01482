import { type DestinationStream, type Logger, pino } from 'pino'
import { currentRequestId } from './request-scope.js'

/**
 * JSON logs with the secrets cut out (docs/deploy.md). Redaction is the
 * second line of defence: code should not log these at all, but a header object, a gateway
 * request or an error logged whole must still come out clean. Two nets, both in `scrub`, which
 * formats every line's object and every child logger's bindings:
 * - by key: the `SECRET_KEYS` names, in any letter case, at any depth;
 * - by value: the configured secrets themselves (gateway secret, API key, webhook secret, database
 *   password) are replaced wherever they appear in a string, message included.
 * pino's own `redact` option is not used: its paths (these keys at the top level and two levels
 * down) were a subset of what `scrub` censors, and with wildcard paths it cost ~30 µs per line,
 * more than everything else a line costs together (bench/README.md).
 * Every line written while a request is handled carries its `request_id` (request-scope.ts).
 *
 * `scrub` also bounds every line, since many values in it come from whoever sent the request (an
 * unsigned notification's `out_trade_no`, an error message quoting input): a string longer than
 * `MAX_LOG_STRING` characters (a stack: `MAX_LOG_STACK`), a list longer than `MAX_LOG_ITEMS` and an
 * object with more keys are cut, and the cut says how much is missing. Secrets are cut out before,
 * so a cut never leaves half of one.
 */
export type { Logger } from 'pino'

/** Key names whose values never reach the log, wherever they sit. */
export const SECRET_KEYS: readonly string[] = [
  'authorization',
  'Authorization',
  'apiKey',
  'api_key',
  'client_secret',
  'clientSecret',
  'token',
  'token_id',
  'tokenId',
  'paymentData',
  'payment_data',
  'applePayToken',
  'sign',
  'secret',
  'secrets',
  'previousSecrets',
  'EFTPAY_SECRET',
  'EFTPAY_SECRET_PREVIOUS',
  'SIGNER_API_KEY',
  'MERCHANT_WEBHOOK_SECRET',
  'DATABASE_URL',
  'databaseUrl',
  'cert',
  'key',
  'password',
  'cookie',
  'set-cookie',
  'eftpay-signature',
]

const CENSOR = '[redacted]'
const SECRET_KEY_SET = new Set(SECRET_KEYS.map((k) => k.toLowerCase()))
/** Below this length a "secret" would censor ordinary words; config refuses such secrets anyway. */
const MIN_SECRET_LENGTH = 8

/** Far above any value the signer means to log (ids, codes, amounts, gateway messages). */
export const MAX_LOG_STRING = 1_000
/** Stacks are longer by nature; still bounded, as their first line is the error's message. */
export const MAX_LOG_STACK = 4_000
/** Items of a list, and keys of an object, kept per value. */
export const MAX_LOG_ITEMS = 50
/** A key name longer than this is cut too (a sender's object may have any keys). */
const MAX_LOG_KEY = 100
/** Deeper than this a value is replaced (pino would otherwise write it unscrubbed). */
const MAX_LOG_DEPTH = 8

/** A string cut to `max` characters, saying how many were left out. */
function bounded(value: string, max: number): string {
  return value.length > max
    ? `${value.slice(0, max)}…[cut: ${value.length - max} more characters]`
    : value
}

export interface LoggerOptions {
  level?: string
  /** Where lines go (default stdout); tests pass a memory stream. */
  destination?: DestinationStream
  /** Secret values to cut out of any string in any line (main.ts passes the configured ones). */
  secrets?: ReadonlyArray<string | undefined>
}

/** Replaces each secret inside a string. */
function scrubString(value: string, secrets: readonly string[]): string {
  let out = value
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(CENSOR)
  return out
}

/** A log string with the secrets cut out, then bounded. */
function scrubText(value: string, secrets: readonly string[], max = MAX_LOG_STRING): string {
  return bounded(secrets.length ? scrubString(value, secrets) : value, max)
}

/**
 * A copy of a log object with secret keys censored at any depth, secret values cut out, and every
 * string, list and object bounded.
 */
export function scrub(
  value: unknown,
  secrets: readonly string[],
  depth = 0,
  seen = new WeakSet<object>(),
  max = MAX_LOG_STRING,
): unknown {
  if (typeof value === 'string') return scrubText(value, secrets, max)
  if (value === null || typeof value !== 'object') return value
  if (depth > MAX_LOG_DEPTH) return '[cut: nested too deep]'
  if (seen.has(value)) return '[circular]'
  seen.add(value)
  if (Array.isArray(value)) {
    const kept = value.length > MAX_LOG_ITEMS ? value.slice(0, MAX_LOG_ITEMS) : value
    const out = kept.map((v) => scrub(v, secrets, depth + 1, seen))
    if (value.length > MAX_LOG_ITEMS) out.push(`[cut: ${value.length - MAX_LOG_ITEMS} more items]`)
    return out
  }
  if (value instanceof Error) {
    return scrub(
      { name: value.name, message: value.message, stack: value.stack },
      secrets,
      depth + 1,
      seen,
    )
  }
  const out: Record<string, unknown> = {}
  const entries = Object.entries(value)
  for (let i = 0; i < entries.length && i < MAX_LOG_ITEMS; i++) {
    const [k, v] = entries[i] as [string, unknown]
    out[bounded(k, MAX_LOG_KEY)] = SECRET_KEY_SET.has(k.toLowerCase())
      ? CENSOR
      : scrub(v, secrets, depth + 1, seen, k === 'stack' ? MAX_LOG_STACK : MAX_LOG_STRING)
  }
  if (entries.length > MAX_LOG_ITEMS)
    out['[cut]'] = `[cut: ${entries.length - MAX_LOG_ITEMS} more keys]`
  return out
}

/** The password of a database URL (to cut out of logs), if it has one. */
export function urlPassword(url: string | undefined): string | undefined {
  if (!url) return undefined
  try {
    const password = decodeURIComponent(new URL(url).password)
    return password || undefined
  } catch {
    return undefined
  }
}

/**
 * Whether a logger's own bindings carry `request_id`, remembered per logger: pino's `bindings()`
 * parses the logger's serialised bindings back from JSON, too much to do for every line.
 */
const requestIdBound = new WeakMap<object, boolean>()
function bindsRequestId(logger: { bindings(): Record<string, unknown> }): boolean {
  let bound = requestIdBound.get(logger)
  if (bound === undefined) {
    bound = 'request_id' in logger.bindings()
    requestIdBound.set(logger, bound)
  }
  return bound
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = [
    ...new Set(
      (options.secrets ?? []).filter((s): s is string => !!s && s.length >= MIN_SECRET_LENGTH),
    ),
  ]
    // Longest first, so a secret containing another is cut whole.
    .sort((a, b) => b.length - a.length)
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { service: 'eftpay-signer' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin(_object, _level, logger) {
        const requestId = currentRequestId()
        if (!requestId || bindsRequestId(logger)) return {}
        return { request_id: requestId }
      },
      formatters: {
        log: (object) => scrub(object, secrets) as Record<string, unknown>,
      },
      hooks: {
        // The message string too: `log.info('...' + something)` must not carry a secret, nor
        // a sender's value at any length.
        logMethod(args, method) {
          for (let i = 0; i < args.length; i++) {
            const arg: unknown = args[i]
            if (typeof arg === 'string') (args as unknown[])[i] = scrubText(arg, secrets)
          }
          return method.apply(this, args)
        },
      },
    },
    options.destination,
  )
  // Child loggers' bindings (`logger.child({...})`) go through the same nets: pino formats them
  // once, when the child is made, without `formatters`. Children inherit this `child`.
  const child = logger.child
  logger.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    return child.call(this, scrub(bindings, secrets) as typeof bindings, childOptions)
  } as typeof logger.child
  return logger
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
