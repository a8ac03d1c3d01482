import { readFileSync } from 'node:fs'
import { type GooglePayConfig, parseGooglePay } from './config-google-pay.js'
import {
  isLocalHost,
  list,
  type Mode,
  parseApplePay,
  parseOrigins,
  parsePort,
  parsePositiveInt,
  parsePublicUrl,
  parseWallets,
  tryUrl,
} from './config-parsers.js'
import type { Wallet } from './gateway/fields.js'
import { type GatewaySettings, parseGatewaySettings } from './gateway/settings.js'
import { SANDBOX_API_KEY, SANDBOX_SECRET, SANDBOX_USER_KEY } from './sandbox-credentials.js'

/**
 * The signer's configuration, read from the environment once at start (docs/deploy.md lists every
 * variable).
 * `loadConfig` never throws half-way: it collects every problem and throws one `ConfigError` that
 * lists them all with what to set. Secret values never appear in a message.
 *
 * Decisions (documented in the README):
 * - No `EFTPAY_GATEWAY_URL` means sandbox mode; the built-in simulator answers at `${PUBLIC_URL}/sandbox/VMP`.
 * - `EFTPAY_SECRET_PREVIOUS` (optional, comma list) keeps old secrets for verifying incoming
 *   notifications while eftPay rotates the secret; requests are always signed with `EFTPAY_SECRET`.
 * - `APPLE_PAY_CERT`, `APPLE_PAY_KEY` and `APPLE_PAY_DOMAIN_ASSOCIATION` take the content itself
 *   (PEM text starting with `-----BEGIN`, or the association text) or a path to a file holding it.
 * - `HOST` defaults to 127.0.0.1; set `HOST=0.0.0.0` in a container.
 */

export type { Mode }

import type { ApplePayConfig } from './config-parsers.js'

export type { ApplePayConfig }

export interface Config {
  mode: Mode
  port: number
  host: string
  /** Without a trailing slash. */
  publicUrl: string
  /** True when PUBLIC_URL was not set: it is `http://127.0.0.1:<port>`, following the port. */
  publicUrlIsDefault?: boolean
  /** Gateway base, e.g. `https://vmp.eftpay.com.cn/VMP`; the built-in sandbox's in sandbox mode. */
  gatewayUrl: string
  /** Protocol choices the documents leave open (gateway/settings.ts, docs/protocol.md "Settings"). */
  protocol?: GatewaySettings
  userKey: string
  secret: string
  /** Older secrets still accepted on incoming notifications while eftPay rotates (verify only). */
  previousSecrets: string[]
  apiKey: string
  /** True when SIGNER_API_KEY was not set and the documented sandbox key is in use. */
  apiKeyIsDefault: boolean
  allowedOrigins: string[]
  /** Redirect and QR wallets in display order (Apple Pay is `applePay.enabled`). */
  wallets: Wallet[]
  catalogFile?: string
  databaseUrl: string
  webhook?: { url: string; secret: string }
  applePay: ApplePayConfig
  googlePay: GooglePayConfig
  merchantName: string
  /** Requests per minute per client IP and route group on the browser endpoints. */
  rateLimitPerMinute: number
  /** Read the client IP from `X-Forwarded-For` (only behind a proxy you run). */
  trustProxy: boolean
  /** How many proxies you run in front of the signer (TRUST_PROXY_HOPS; 1 when only TRUST_PROXY). */
  trustProxyHops?: number
  /** Default lifetime of a checkout session, in seconds. */
  sessionLifetimeSeconds: number
  /**
   * How long a payment or refund may stay without a final answer from eftPay before it is flagged
   * as needing a person (hours; docs/api.md "State rules"). Unset in a hand-built config: 72.
   */
  needsAttentionAfterHours?: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
}

/** Every problem found in the environment; `problems` are full sentences saying what to set. */
export class ConfigError extends Error {
  readonly problems: string[]

  constructor(problems: string[]) {
    super(
      `The signer cannot start; fix the environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
    this.name = 'ConfigError'
    this.problems = problems
  }
}

export { DEFAULT_SANDBOX_ORIGINS } from './config-parsers.js'
export { SANDBOX_API_KEY }

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export interface LoadConfigOptions {
  /** Reads a file named by a variable (certificates, association file); injectable for tests. */
  readFile?: (path: string) => string
}

/** Builds the configuration from an environment, or throws `ConfigError` listing every problem. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: LoadConfigOptions = {},
): Config {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'))
  const problems: string[] = []
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value ? value : undefined
  }

  const gatewayUrlRaw = get('EFTPAY_GATEWAY_URL')
  const mode: Mode = gatewayUrlRaw ? 'live' : 'sandbox'

  const port = parsePort(get('PORT'), problems)
  const host = get('HOST') ?? '127.0.0.1'

  const publicUrl = parsePublicUrl(get('PUBLIC_URL'), port, mode, problems)

  let gatewayUrl = `${publicUrl}/sandbox/VMP`
  if (gatewayUrlRaw) {
    const url = tryUrl(gatewayUrlRaw)
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      problems.push(
        'EFTPAY_GATEWAY_URL must be the gateway base URL, like https://vmp.eftpay.com.cn/VMP (unset it for sandbox mode).',
      )
    } else if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
      // The gateway offers plain http too, but a refusal may come unsigned (docs/protocol.md): over
      // http anyone on the path could fail a PreOrder or a refund that eftPay actually took.
      problems.push(
        'EFTPAY_GATEWAY_URL must use https in live mode (plain http only to localhost), like https://vmp.eftpay.com.cn/VMP.',
      )
    } else gatewayUrl = gatewayUrlRaw.replace(/\/+$/, '')
  }

  const protocol = parseGatewaySettings(
    {
      refundServices: get('EFTPAY_REFUND_SERVICES'),
      applePayScene: get('EFTPAY_APPLE_PAY_SCENE'),
      orderNotFoundStatus: get('EFTPAY_ORDER_NOT_FOUND_STATUS'),
      refundNotFoundStatus: get('EFTPAY_REFUND_NOT_FOUND_STATUS'),
    },
    mode,
    problems,
  )

  const userKey = get('EFTPAY_USER_KEY') ?? (mode === 'sandbox' ? SANDBOX_USER_KEY : '')
  if (!userKey)
    problems.push(
      'EFTPAY_USER_KEY is required in live mode: set it to the user_confirm_key eftPay sent you.',
    )
  else if (userKey.length > 12)
    problems.push(
      'EFTPAY_USER_KEY must be at most 12 characters (the user_confirm_key eftPay sent you).',
    )

  const secret = get('EFTPAY_SECRET') ?? (mode === 'sandbox' ? SANDBOX_SECRET : '')
  if (!secret)
    problems.push(
      'EFTPAY_SECRET is required in live mode: set it to the secret_code eftPay sent you.',
    )
  const previousSecrets = list(get('EFTPAY_SECRET_PREVIOUS'))

  const apiKeyRaw = get('SIGNER_API_KEY')
  let apiKey = apiKeyRaw ?? ''
  if (!apiKeyRaw) {
    if (mode === 'sandbox') apiKey = SANDBOX_API_KEY
    else
      problems.push(
        'SIGNER_API_KEY is required in live mode: set it to a random key of at least 32 characters (e.g. `openssl rand -hex 32`).',
      )
  } else if (apiKeyRaw.length < 24) {
    problems.push(
      'SIGNER_API_KEY is too short: use at least 24 random characters (e.g. `openssl rand -hex 32`).',
    )
  } else if (mode === 'live' && apiKeyRaw === SANDBOX_API_KEY) {
    // The sandbox key is published in the docs: in live mode it would let anyone refund every payment.
    problems.push(
      'SIGNER_API_KEY is the documented sandbox key: set your own random key (e.g. `openssl rand -hex 32`).',
    )
  }

  const allowedOrigins = parseOrigins(get('ALLOWED_ORIGINS'), mode, problems)
  const wanted = parseWallets(get('EFTPAY_WALLETS'), problems, mode)
  const { wallets } = wanted

  const databaseUrl = get('DATABASE_URL') ?? 'sqlite:./data/signer.db'
  if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must be sqlite:<path> (e.g. sqlite:./data/signer.db) or postgres://user:password@host/db.',
    )
  }

  const webhookUrl = get('MERCHANT_WEBHOOK_URL')
  const webhookSecret = get('MERCHANT_WEBHOOK_SECRET')
  let webhook: Config['webhook']
  if (webhookUrl && !webhookSecret)
    problems.push(
      'MERCHANT_WEBHOOK_SECRET is required with MERCHANT_WEBHOOK_URL: set a random secret of at least 24 characters.',
    )
  else if (!webhookUrl && webhookSecret)
    problems.push(
      'MERCHANT_WEBHOOK_URL is required with MERCHANT_WEBHOOK_SECRET: set the URL your backend receives webhooks at, or unset both.',
    )
  else if (webhookUrl && webhookSecret) {
    const url = tryUrl(webhookUrl)
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      problems.push('MERCHANT_WEBHOOK_URL must be an http(s) URL.')
    else if (mode === 'live' && url.protocol === 'http:' && !isLocalHost(url.hostname)) {
      problems.push(
        'MERCHANT_WEBHOOK_URL must use https in live mode (plain http only to localhost).',
      )
    }
    if (webhookSecret.length < 24)
      problems.push('MERCHANT_WEBHOOK_SECRET is too short: use at least 24 random characters.')
    webhook = { url: webhookUrl, secret: webhookSecret }
  }

  const applePay = parseApplePay(get, readFile, mode, wanted.applePayWanted, problems)
  const googlePay = parseGooglePay(get, mode, wanted.googlePayWanted, problems)

  const rateLimitPerMinute = parsePositiveInt(
    'RATE_LIMIT_PER_MINUTE',
    get('RATE_LIMIT_PER_MINUTE'),
    120,
    problems,
  )
  const sessionLifetimeSeconds = parsePositiveInt(
    'SESSION_LIFETIME_SECONDS',
    get('SESSION_LIFETIME_SECONDS'),
    1800,
    problems,
  )
  const needsAttentionAfterHours = parsePositiveInt(
    'NEEDS_ATTENTION_AFTER_HOURS',
    get('NEEDS_ATTENTION_AFTER_HOURS'),
    72,
    problems,
  )
  const logLevelRaw = get('LOG_LEVEL') ?? 'info'
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw)
    ? (logLevelRaw as Config['logLevel'])
    : 'info'
  if (logLevel !== logLevelRaw) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`)

  const trustProxyRaw = get('TRUST_PROXY') ?? 'false'
  if (!['true', 'false', '1', '0'].includes(trustProxyRaw))
    problems.push('TRUST_PROXY must be true or false.')

  const hopsRaw = get('TRUST_PROXY_HOPS')
  const trustProxyHops = hopsRaw === undefined ? undefined : Number(hopsRaw)
  if (hopsRaw !== undefined && !(Number.isInteger(trustProxyHops) && Number(hopsRaw) >= 0))
    problems.push('TRUST_PROXY_HOPS must be a whole number of proxies (0 or more).')

  const catalogFile = get('CATALOG_FILE')

  if (problems.length > 0) throw new ConfigError(problems)
  return {
    mode,
    port,
    host,
    publicUrl,
    publicUrlIsDefault: !get('PUBLIC_URL'),
    gatewayUrl,
    protocol,
    userKey,
    secret,
    previousSecrets,
    apiKey,
    apiKeyIsDefault: !apiKeyRaw,
    allowedOrigins,
    wallets,
    ...(catalogFile ? { catalogFile } : {}),
    databaseUrl,
    ...(webhook ? { webhook } : {}),
    applePay,
    googlePay,
    merchantName:
      get('MERCHANT_NAME') ?? (mode === 'sandbox' ? 'Demo Tea House' : 'eftPay merchant'),
    rateLimitPerMinute,
    trustProxy: trustProxyRaw === 'true' || trustProxyRaw === '1' || (trustProxyHops ?? 0) > 0,
    ...(trustProxyHops === undefined ? {} : { trustProxyHops }),
    sessionLifetimeSeconds,
    needsAttentionAfterHours,
    logLevel,
  }
}

/**
 * The configuration for the port actually bound (`PORT=0` asks the system for a free one): a
 * default public URL, and the sandbox's gateway URL under it, follow that port.
 */
export function withBoundPort(config: Config, port: number): Config {
  if (config.port === port) return config
  if (!config.publicUrlIsDefault) return { ...config, port }
  const publicUrl = `http://127.0.0.1:${port}`
  return {
    ...config,
    port,
    publicUrl,
    gatewayUrl: config.mode === 'sandbox' ? `${publicUrl}/sandbox/VMP` : config.gatewayUrl,
  }
}
