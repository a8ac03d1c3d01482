import { WALLETS, type Wallet } from './gateway/fields.js'

/** Sandbox: the built-in simulator, no credentials; live: a real eftPay gateway. */
export type Mode = 'sandbox' | 'live'

/**
 * The parsers `loadConfig` uses, one per variable or group. Each returns a usable value and pushes
 * a full sentence saying what to set onto `problems` when the value is wrong.
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

/**
 * The problem with a URL that carries a user name or password (`https://user:password@host/`), or
 * undefined. Such a URL would print them wherever it is shown (check's report, logs), and nothing
 * the signer calls takes them: eftPay authenticates each request by its signature
 * (docs/protocol.md, "Signature"). The problem names the variable, never the value.
 */
export function urlCredentialsProblem(name: string, url: URL): string | undefined {
  return url.username || url.password
    ? `${name} must not contain a user name or password (user:password@ before the host): remove them; eftPay authenticates requests by their signature.`
    : undefined
}

export function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]'
}

export function parsePort(value: string | undefined, problems: string[]): number {
  if (value === undefined) return 8787
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push('PORT must be a whole number from 0 to 65535 (default 8787).')
    return 8787
  }
  return port
}

export function parsePositiveInt(
  name: string,
  value: string | undefined,
  fallback: number,
  problems: string[],
): number {
  if (value === undefined) return fallback
  if (!/^[1-9]\d{0,8}$/.test(value)) {
    problems.push(`${name} must be a whole number above zero (default ${fallback}).`)
    return fallback
  }
  return Number(value)
}

export function parsePublicUrl(
  value: string | undefined,
  port: number,
  mode: Mode,
  problems: string[],
): string {
  const fallback = `http://127.0.0.1:${port}`
  if (value === undefined) {
    if (mode === 'live')
      problems.push(
        'PUBLIC_URL is required in live mode: set it to the https URL eftPay and shoppers reach this signer at.',
      )
    return fallback
  }
  const url = tryUrl(value)
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    problems.push(
      'PUBLIC_URL must be an http(s) URL without query or fragment, like https://pay.example.com.',
    )
    return fallback
  }
  if (mode === 'live' && url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    problems.push(
      'PUBLIC_URL must use https in live mode (plain http is allowed only for localhost): eftPay and shoppers reach the signer there.',
    )
  }
  return value.replace(/\/+$/, '')
}

export function parseOrigins(value: string | undefined, mode: Mode, problems: string[]): string[] {
  if (value === undefined) {
    if (mode === 'sandbox') return [...DEFAULT_SANDBOX_ORIGINS]
    problems.push(
      'ALLOWED_ORIGINS is required in live mode: set it to your storefront origins, comma separated (e.g. https://shop.example.com).',
    )
    return []
  }
  const origins: string[] = []
  for (const item of list(value)) {
    const url = tryUrl(item)
    if (
      !url ||
      (url.protocol !== 'https:' && url.protocol !== 'http:') ||
      url.origin !== item.replace(/\/$/, '')
    ) {
      problems.push(
        `ALLOWED_ORIGINS has "${item}", which is not an origin: write scheme, host and port only, like https://shop.example.com.`,
      )
    } else origins.push(url.origin)
  }
  return origins
}

export function parseWallets(
  value: string | undefined,
  problems: string[],
  mode: Mode = 'sandbox',
): { wallets: Wallet[]; applePayWanted: boolean; googlePayWanted: boolean } {
  // Unset: every wallet; Google Pay only in sandbox mode, so a live signer set up before Google
  // Pay existed does not start asking for its merchant ids.
  if (value === undefined)
    return { wallets: [...WALLETS], applePayWanted: true, googlePayWanted: mode === 'sandbox' }
  const wallets: Wallet[] = []
  let applePayWanted = false
  let googlePayWanted = false
  for (const code of list(value)) {
    if (code === 'APPLEPAY') applePayWanted = true
    else if (code === 'GOOGLEPAY') googlePayWanted = true
    else if ((WALLETS as readonly string[]).includes(code)) {
      if (!wallets.includes(code as Wallet)) wallets.push(code as Wallet)
    } else
      problems.push(
        `EFTPAY_WALLETS has an unknown wallet "${code}": use codes from ${[...WALLETS, 'APPLEPAY', 'GOOGLEPAY'].join(', ')}.`,
      )
  }
  if (
    wallets.length === 0 &&
    !applePayWanted &&
    !googlePayWanted &&
    problems.every((p) => !p.startsWith('EFTPAY_WALLETS'))
  ) {
    problems.push(
      'EFTPAY_WALLETS enables no wallet: list at least one, e.g. ALIPAYHK,WECHATHK,APPLEPAY.',
    )
  }
  return { wallets, applePayWanted, googlePayWanted }
}

/** Content given inline or as a file path; `looksInline` tells the two apart. */
function contentOrFile(
  name: string,
  value: string | undefined,
  looksInline: (v: string) => boolean,
  readFile: (path: string) => string,
  problems: string[],
): string | undefined {
  if (value === undefined) return undefined
  if (looksInline(value)) return value
  try {
    return readFile(value)
  } catch {
    problems.push(
      `${name} is neither the content itself nor a readable file: set it to the PEM/text or to a path the signer can read.`,
    )
    return undefined
  }
}

export interface ApplePayConfig {
  /** Whether `APPLEPAY` is among the enabled wallets. */
  enabled: boolean
  merchantId: string
  /** The domain the storefront runs on (`initiativeContext`). */
  domain?: string
  /** PEM of the merchant identity certificate and its key (live mode only). */
  cert?: string
  key?: string
  /** The content of `apple-developer-merchantid-domain-association`, served when set. */
  domainAssociation?: string
}

export function parseApplePay(
  get: (name: string) => string | undefined,
  readFile: (path: string) => string,
  mode: Mode,
  wanted: boolean,
  problems: string[],
): ApplePayConfig {
  const isPem = (v: string) => v.includes('-----BEGIN')
  const cert = contentOrFile('APPLE_PAY_CERT', get('APPLE_PAY_CERT'), isPem, readFile, problems)
  const key = contentOrFile('APPLE_PAY_KEY', get('APPLE_PAY_KEY'), isPem, readFile, problems)
  // An association file is a long single line of hex-ish text; a path has a slash or a dot extension.
  const association = get('APPLE_PAY_DOMAIN_ASSOCIATION')
  const domainAssociation = contentOrFile(
    'APPLE_PAY_DOMAIN_ASSOCIATION',
    association,
    (v) => !/[/\\]/.test(v) && !/\.\w{1,5}$/.test(v),
    readFile,
    problems,
  )
  const merchantIdRaw = get('APPLE_PAY_MERCHANT_ID')
  const domain = get('APPLE_PAY_DOMAIN')
  if (domain && !/^[a-z0-9.-]+$/i.test(domain))
    problems.push('APPLE_PAY_DOMAIN must be a bare host name, like shop.example.com.')
  if (mode === 'live' && wanted) {
    const missing = [
      ['APPLE_PAY_MERCHANT_ID', merchantIdRaw],
      ['APPLE_PAY_CERT', get('APPLE_PAY_CERT')],
      ['APPLE_PAY_KEY', get('APPLE_PAY_KEY')],
      ['APPLE_PAY_DOMAIN', domain],
    ].filter(([, v]) => !v)
    for (const [name] of missing) {
      problems.push(
        `${name} is required for Apple Pay in live mode (or remove APPLEPAY from EFTPAY_WALLETS).`,
      )
    }
  }
  return {
    enabled: wanted,
    merchantId: merchantIdRaw ?? 'merchant.hk.eftpay.sandbox',
    ...(domain ? { domain } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(domainAssociation ? { domainAssociation } : {}),
  }
}
