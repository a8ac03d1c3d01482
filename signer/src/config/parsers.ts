import { z } from 'zod'
import type { ParseContext } from './variable.js'

/**
 * The parsers the table of variables (variables.ts) uses for numbers, URLs, lists and files. Each
 * message continues the variable's name ("PORT must be ...") and says what to set; the wallet and
 * gateway values are in wallet-parsers.ts.
 */

/** Origins allowed in sandbox mode when ALLOWED_ORIGINS is unset (the demo's dev server). */
// Any port on this machine: a developer's first page may be on any dev server (middleware/cors.ts).
export const DEFAULT_SANDBOX_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*']

export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

export function tryUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

export function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'
}

const isHttp = (url: URL | undefined): url is URL =>
  url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:')

/** Any text, as set. */
export const text = (raw: string): string => raw

/** A comma-separated list. */
export const commaList = (raw: string): string[] => list(raw)

export function port(raw: string, { fallback, problem }: ParseContext<number>): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (Number.isInteger(value) && value >= 0 && value <= 65535) return value
  problem(`must be a whole number from 0 to 65535 (default ${fallback}).`)
  return fallback
}

export function positiveInteger(raw: string, { fallback, problem }: ParseContext<number>): number {
  if (/^[1-9]\d{0,8}$/.test(raw)) return Number(raw)
  problem(`must be a whole number above zero (default ${fallback}).`)
  return fallback
}

/** How many proxies: what `Number` reads as a whole number, 0 or more. */
export function proxyCount(raw: string, { problem }: ParseContext<number | undefined>) {
  const count = Number(raw)
  if (Number.isInteger(count) && count >= 0) return count
  problem('must be a whole number of proxies (0 or more).')
  return undefined
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const logLevel = z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}.`)

export const trueOrFalse = z
  .enum(['true', 'false', '1', '0'], 'must be true or false.')
  .transform((value) => value === 'true' || value === '1')

/**
 * Refuses a URL with a user name or password (`https://user:password@host/`): nothing the signer
 * calls takes them (eftPay authenticates each request by its signature, docs/protocol.md#signature),
 * and such a URL would print them wherever it is shown (check's report, logs, the notify_url sent to
 * eftPay). The problem names the variable, never the value.
 */
function hasCredentials(url: URL, problem: (message: string) => void): boolean {
  if (!url.username && !url.password) return false
  problem(
    'must not contain a user name or password (user:password@ before the host): remove them; eftPay authenticates requests by their signature.',
  )
  return true
}

/** The gateway base; setting it is live mode, so plain http only to this machine. */
export function gatewayUrl(raw: string, { problem }: ParseContext<string | undefined>) {
  const url = tryUrl(raw)
  if (!isHttp(url)) {
    problem(
      'must be the gateway base URL, like https://vmp.eftpay.com.cn/VMP (unset it for sandbox mode).',
    )
    return undefined
  }
  if (hasCredentials(url, problem)) return undefined
  if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    // The gateway offers plain http too, but a refusal may come unsigned (docs/protocol.md): over
    // http anyone on the path could fail a PreOrder or a refund that eftPay actually took.
    problem(
      'must use https in live mode (plain http only to localhost), like https://vmp.eftpay.com.cn/VMP.',
    )
    return undefined
  }
  return raw.replace(/\/+$/, '')
}

/** The signer's own public URL, without a trailing slash (https in live mode: rules.ts). */
export function publicUrl(raw: string, { problem }: ParseContext<string | undefined>) {
  const url = tryUrl(raw)
  if (url && hasCredentials(url, problem)) return undefined
  if (isHttp(url) && !url.search && !url.hash) return raw.replace(/\/+$/, '')
  problem('must be an http(s) URL without query or fragment, like https://pay.example.com.')
  return undefined
}

/** An http(s) URL, as set (https in live mode: rules.ts). */
export function httpUrl(raw: string, { problem }: ParseContext<string | undefined>) {
  if (isHttp(tryUrl(raw))) return raw
  problem('must be an http(s) URL.')
  return undefined
}

/**
 * `http://localhost:*` and `http://127.0.0.1:*`: any port of this machine (middleware/cors.ts
 * `originAllowed`), the sandbox default written out. Nowhere else: a storefront on the internet has
 * one port, and "any port of shop.example.com" would let any service on that host in.
 */
const ANY_LOCAL_PORT = /^http:\/\/(localhost|127\.0\.0\.1):\*$/

export function origins(raw: string, { problem }: ParseContext<string[]>): string[] {
  const found: string[] = []
  for (const item of list(raw)) {
    const bare = item.replace(/\/$/, '')
    if (ANY_LOCAL_PORT.test(bare)) {
      found.push(bare)
      continue
    }
    if (bare.endsWith(':*')) {
      problem(
        `has "${item}": a port wildcard (:*) is only for http://localhost:* and http://127.0.0.1:*; list other origins with their port, like https://shop.example.com.`,
      )
      continue
    }
    const url = tryUrl(item)
    if (isHttp(url) && url.origin === bare) found.push(url.origin)
    else
      problem(
        `has "${item}", which is not an origin: write scheme, host and port only, like https://shop.example.com.`,
      )
  }
  return found
}

export const databaseUrl = z
  .string()
  .regex(
    /^(sqlite:.+|postgres(ql)?:\/\/.+)$/,
    'must be sqlite:<path> (e.g. sqlite:./data/signer.db) or postgres://user:password@host/db.',
  )

export const hostName = z
  .string()
  .regex(/^[a-z0-9.-]+$/i, 'must be a bare host name, like shop.example.com.')

/** Content given inline, or the path of a file holding it; `looksInline` tells the two apart. */
function contentOrFile(looksInline: (value: string) => boolean) {
  return (raw: string, { readFile, problem }: ParseContext<string | undefined>) => {
    if (looksInline(raw)) return raw
    try {
      return readFile(raw)
    } catch {
      problem(
        'is neither the content itself nor a readable file: set it to the PEM/text or to a path the signer can read.',
      )
      return undefined
    }
  }
}

/** PEM text (it has `-----BEGIN`), or a path to it. */
export const pem = contentOrFile((value) => value.includes('-----BEGIN'))

/** An association file is one long line of hex-ish text; a path has a slash or a dot extension. */
export const textOrFile = contentOrFile(
  (value) => !/[/\\]/.test(value) && !/\.\w{1,5}$/.test(value),
)
