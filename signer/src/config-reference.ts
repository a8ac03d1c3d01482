/**
 * The environment the signer reads (config.ts `loadConfig`), described for operators. docs/deploy.md's
 * "Environment reference" is rendered from this list (`renderEnvironmentTable`, written by
 * `node --import tsx scripts/env-reference.ts --write`), and config-reference.test.ts fails when
 * config.ts reads a variable missing here, when this lists one config.ts does not read, when a
 * documented default is not what `loadConfig` gives, or when the document is stale.
 */

export type Requirement =
  | 'live'
  | 'optional'
  | 'with MERCHANT_WEBHOOK_URL'
  | 'live, with APPLEPAY'
  | 'live, with GOOGLEPAY'

export interface EnvVar {
  name: string
  /** When it must be set. */
  required: Requirement
  /** What applies when unset, as an operator would write it (`-` when nothing). */
  default: string
  /** Secrets are never logged (observability/logger.ts) and belong in a secret store. */
  secret?: boolean
  description: string
}

export const ENVIRONMENT: readonly EnvVar[] = [
  {
    name: 'EFTPAY_GATEWAY_URL',
    required: 'live',
    default: '- (sandbox mode)',
    description:
      'The eftPay gateway base, e.g. `https://vmp.eftpay.com.cn/VMP`. Setting it switches to live mode; unset, the built-in simulator answers.',
  },
  {
    name: 'EFTPAY_USER_KEY',
    required: 'live',
    default: 'the sandbox key',
    description: 'The `user_confirm_key` eftPay sent you (at most 12 characters).',
  },
  {
    name: 'EFTPAY_SECRET',
    required: 'live',
    default: 'the sandbox secret',
    secret: true,
    description: 'The `secret_code` eftPay sent you: signs every request and verifies every reply.',
  },
  {
    name: 'EFTPAY_SECRET_PREVIOUS',
    required: 'optional',
    default: '-',
    secret: true,
    description:
      'Older secrets, comma separated, still accepted on incoming notifications while eftPay rotates the secret.',
  },
  {
    name: 'EFTPAY_REFUND_SERVICES',
    required: 'optional',
    default: 'per wallet (docs/protocol.md, Refund)',
    description:
      'Refund service names that replace the defaults, `WALLET=service` comma separated (wallets and `APPLEPAY`), e.g. `OCT=service.common.Refund`. Set them when eftPay names the refund service of a product its pages do not list.',
  },
  {
    name: 'EFTPAY_APPLE_PAY_SCENE',
    required: 'optional',
    default: '`TOKEN_APPLE_PAY`',
    description:
      "The `pay_scene` of Apple Pay token payments and their refunds: `TOKEN_APPLE_PAY` (the page's table) or `TOKEN` (the page's example).",
  },
  {
    name: 'EFTPAY_ORDER_NOT_FOUND_STATUS',
    required: 'optional',
    default: '`08` in sandbox mode; none in live mode',
    description:
      'The query `return_status` codes eftPay documents as order does not exist, comma separated. Only these let the signer conclude an order was never placed; until eftPay gives you the code, leave it unset.',
  },
  {
    name: 'EFTPAY_REFUND_NOT_FOUND_STATUS',
    required: 'optional',
    default: '`12` in sandbox mode; none in live mode',
    description:
      'The refund query `return_status` codes eftPay documents as refund does not exist, comma separated. Only these let the signer send a refund again whose first request got no answer, or fail one eftPay refused; until eftPay gives you the code, such refunds stay pending and are flagged for a person.',
  },
  {
    name: 'SIGNER_API_KEY',
    required: 'live',
    default: 'the documented sandbox key (sandbox only)',
    secret: true,
    description:
      'The key your backend sends as `Authorization: Bearer ...` (at least 24 characters; `openssl rand -hex 32`).',
  },
  {
    name: 'PUBLIC_URL',
    required: 'live',
    default: '`http://127.0.0.1:$PORT`',
    description:
      'The https URL eftPay and shoppers reach this signer at (behind the TLS proxy). `notify_url` and `return_url` are built from it, so eftPay needs it on port 443 (or 80).',
  },
  {
    name: 'ALLOWED_ORIGINS',
    required: 'live',
    default: '`http://localhost:*,http://127.0.0.1:*` (sandbox only: any port on this machine)',
    description:
      'Storefront origins allowed to call the browser endpoints, comma separated, e.g. `https://shop.example.com`.',
  },
  {
    name: 'EFTPAY_WALLETS',
    required: 'optional',
    default: 'every wallet and APPLEPAY (sandbox: and GOOGLEPAY)',
    description:
      'Wallets offered, comma separated (e.g. `ALIPAYHK,WECHATHK,PAYME,APPLEPAY,GOOGLEPAY`). Unset in live mode leaves Google Pay off, so list `GOOGLEPAY` to offer it.',
  },
  {
    name: 'DATABASE_URL',
    required: 'optional',
    default: '`sqlite:./data/signer.db`',
    secret: true,
    description:
      '`sqlite:<path>` for one process, or `postgres://user:password@host:5432/db` for several replicas (`?schema=`, `?pool_max=` (default 10), `?sslmode=require`). Its password is kept out of logs.',
  },
  {
    name: 'PORT',
    required: 'optional',
    default: '`8787`',
    description: 'The port to listen on (`0`: any free port).',
  },
  {
    name: 'HOST',
    required: 'optional',
    default: '`127.0.0.1`',
    description: 'The address to listen on; `0.0.0.0` in a container (the image sets it).',
  },
  {
    name: 'MERCHANT_WEBHOOK_URL',
    required: 'optional',
    default: '- (events kept in the outbox, unsent)',
    description:
      'Where your backend receives webhooks (https in live mode; plain http only to localhost).',
  },
  {
    name: 'MERCHANT_WEBHOOK_SECRET',
    required: 'with MERCHANT_WEBHOOK_URL',
    default: '-',
    secret: true,
    description: 'Signs webhooks (`Eftpay-Signature`); at least 24 random characters.',
  },
  {
    name: 'APPLE_PAY_MERCHANT_ID',
    required: 'live, with APPLEPAY',
    default: '`merchant.hk.eftpay.sandbox`',
    description: 'Your Apple Pay merchant identifier.',
  },
  {
    name: 'APPLE_PAY_CERT',
    required: 'live, with APPLEPAY',
    default: '-',
    description: 'The merchant identity certificate (PEM), inline or a file path.',
  },
  {
    name: 'APPLE_PAY_KEY',
    required: 'live, with APPLEPAY',
    default: '-',
    secret: true,
    description: 'The merchant identity private key (PEM), inline or a file path.',
  },
  {
    name: 'APPLE_PAY_DOMAIN',
    required: 'live, with APPLEPAY',
    default: '-',
    description: 'The storefront host registered with Apple, e.g. `shop.example.com`.',
  },
  {
    name: 'APPLE_PAY_DOMAIN_ASSOCIATION',
    required: 'optional',
    default: '-',
    description:
      'The `apple-developer-merchantid-domain-association` file (content or path); served at `/.well-known/...` when set.',
  },
  {
    name: 'GOOGLE_PAY_MERCHANT_ID',
    required: 'live, with GOOGLEPAY',
    default: '- (sandbox: none; Google TEST needs none)',
    description:
      'Your merchant id from the Google Pay & Wallet Console (`merchantInfo.merchantId`).',
  },
  {
    name: 'GOOGLE_PAY_GATEWAY_MERCHANT_ID',
    required: 'live, with GOOGLEPAY',
    default: '`eftpay-sandbox`',
    description:
      'Your MPGS gateway merchant id, as eftPay issues it: Google encrypts the token for gateway `mpgs` and this merchant (`gatewayMerchantId`).',
  },
  {
    name: 'GOOGLE_PAY_CARD_NETWORKS',
    required: 'optional',
    default: '`VISA,MASTERCARD,AMEX`',
    description:
      'Card networks offered in Google Pay, comma separated, from `VISA`, `MASTERCARD`, `AMEX`, `JCB`, `DISCOVER`. The default is what Apple Pay offers through the same MPGS acquirer; add others only once eftPay confirms your MPGS merchant takes them.',
  },
  {
    name: 'GOOGLE_PAY_AUTH_METHODS',
    required: 'optional',
    default: '`PAN_ONLY,CRYPTOGRAM_3DS`',
    description:
      'Google Pay card authentication methods, comma separated: `PAN_ONLY` (cards on file) and `CRYPTOGRAM_3DS` (device tokens).',
  },
  {
    name: 'MERCHANT_NAME',
    required: 'optional',
    default: '`eftPay merchant` (sandbox: `Demo Tea House`)',
    description: 'Shown on Apple Pay, Google Pay and the sandbox pages.',
  },
  {
    name: 'CATALOG_FILE',
    required: 'optional',
    default: '- (sandbox: the demo catalog)',
    description: 'A JSON or YAML catalog of SKUs the storefront may sell by `sku`.',
  },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    required: 'optional',
    default: '`120`',
    description: 'Requests per minute per client IP and route group on the browser endpoints.',
  },
  {
    name: 'TRUST_PROXY',
    required: 'optional',
    default: '`false`',
    description:
      'Read the client IP from `X-Forwarded-For`: set `true` only behind your own reverse proxy.',
  },
  {
    name: 'TRUST_PROXY_HOPS',
    required: 'optional',
    default: '`1` with `TRUST_PROXY`, else `0`',
    description:
      'How many proxies you run in front of the signer. The client IP is the `X-Forwarded-For` hop that many places from the right (the hops further left are whatever the client sent). Setting it implies `TRUST_PROXY`.',
  },
  {
    name: 'SESSION_LIFETIME_SECONDS',
    required: 'optional',
    default: '`1800`',
    description: 'Default lifetime of a checkout session.',
  },
  {
    name: 'NEEDS_ATTENTION_AFTER_HOURS',
    required: 'optional',
    default: '`72`',
    description:
      'Hours a payment or refund may stay without a final answer from eftPay before it is flagged as needing a person: a `payment.needs_attention` or `refund.needs_attention` webhook, an error log line, the `signer_needs_attention` metric and `GET /v1/attention`. Its status does not change.',
  },
  {
    name: 'LOG_LEVEL',
    required: 'optional',
    default: '`info`',
    description: 'One of fatal, error, warn, info, debug, trace, silent.',
  },
]

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

/** The Markdown table docs/deploy.md carries between its `env-reference` markers. */
export function renderEnvironmentTable(vars: readonly EnvVar[] = ENVIRONMENT): string {
  const rows = vars.map(
    (v) =>
      `| \`${v.name}\` | ${v.required} | ${cell(v.default)} | ${v.secret ? 'yes' : ''} | ${cell(v.description)} |`,
  )
  return [
    '| Variable | Required | Default | Secret | What it is |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n')
}

export const ENV_START =
  '<!-- env-reference:start (generated from signer/src/config-reference.ts; do not edit) -->'
export const ENV_END = '<!-- env-reference:end -->'

/** `document` with the generated table put between the markers. */
export function withEnvironmentTable(document: string): string {
  const start = document.indexOf(ENV_START)
  const end = document.indexOf(ENV_END)
  if (start === -1 || end === -1 || end < start)
    throw new Error('the document has no env-reference markers')
  return `${document.slice(0, start + ENV_START.length)}\n${renderEnvironmentTable()}\n${document.slice(end)}`
}
