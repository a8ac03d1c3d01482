import { z } from 'zod'
import { WALLETS } from '../contract/vocabulary.js'
import {
  DEFAULT_GATEWAY_SETTINGS,
  REFUND_TOTAL_FEES,
  SANDBOX_ORDER_NOT_FOUND_STATUS,
  SANDBOX_REFUND_NOT_FOUND_STATUS,
  TOKEN_QUERIES,
} from '../gateway/settings.js'
import { consolePort, consolePublicUrl } from './console-parsers.js'
import {
  commaList,
  DEFAULT_SANDBOX_ORIGINS,
  databaseUrl,
  gatewayUrl,
  hostName,
  httpUrl,
  LOG_LEVELS,
  logLevel,
  origins,
  pem,
  port,
  positiveInteger,
  proxyCount,
  publicUrl,
  text,
  textOrFile,
  trueOrFalse,
} from './parsers.js'
import { SANDBOX_API_KEY, SANDBOX_SECRET, SANDBOX_USER_KEY } from './sandbox-credentials.js'
import { variable } from './variable.js'
import {
  AUTH_METHODS,
  applePayScene,
  CARD_NETWORKS,
  issuedId,
  oneOrMoreOf,
  orderNotFoundStatuses,
  platform,
  refundNotFoundStatuses,
  refundServices,
  SANDBOX_GATEWAY_MERCHANT_ID,
  wallets,
} from './wallet-parsers.js'

/**
 * Every environment variable the signer reads, one row each, in the order docs/deploy.md lists them
 * ("Environment reference"). `loadConfig` (load.ts), the reference in the docs (reference.ts) and
 * the cross-variable rules (rules.ts) are all derived from this table.
 *
 * To add a variable, add one row here:
 * - `required`: `optional`, `live` (rules.ts then asks for it in live mode, ending with `hint`),
 *   `live, with APPLEPAY`/`GOOGLEPAY`, or `with OTHER_VARIABLE` (set together, read as a pair);
 * - `fallback` (and `sandboxFallback` when sandbox mode differs), `default` when the docs should say
 *   more than the fallback, `secret: true` for anything to keep out of logs, `description`;
 * - `parse`: a zod schema whose message continues the name ("must be ..."), or a parser function
 *   (parsers.ts) that reports through `problem`;
 * - `field`: the `Config` field it fills (`consolePort`, or `protocol.queryTransport` in a group);
 *   `Config` gets the field, typed from the row. A `protocol.` field also goes in `GatewaySettings`
 *   (gateway/settings.ts) with its default there.
 * Then regenerate the docs table (`node --import tsx scripts/env-reference.ts --write` in signer/);
 * config/reference.test.ts fails until it is. docs/development.md ("Adding a setting") says more.
 */
export const VARIABLES = {
  EFTPAY_GATEWAY_URL: variable({
    required: 'live',
    fallback: undefined,
    default: '- (sandbox mode)',
    description:
      'The eftPay gateway base, e.g. `https://vmp.eftpay.com.cn/VMP`. Setting it switches to live mode; unset, the built-in simulator answers.',
    hint: 'set it to the gateway base eftPay gave you',
    parse: gatewayUrl,
  }),
  EFTPAY_PLATFORM: variable({
    required: 'optional',
    // Unset is VMP (gateway/settings.ts `presetOf`), as before the preset existed.
    fallback: undefined,
    default: '`vmp`',
    description:
      'The eftPay platform your account is on: `vmp`, or `oapm` (base `https://oapm.eftpay.com.hk/OAPM/v1`, no test environment). It sets the defaults that differ: the notification acknowledgement (`oapm`: the text `success`), the refund service (`oapm`: `service.common.Refund`; `EFTPAY_REFUND_SERVICES` still overrides it per wallet), which browser return payload is read first (`oapm`: query parameters), the path `EFTPAY_GATEWAY_URL` must have (`oapm`: ending in `/OAPM/v1`) and what `check` sends (docs/protocol.md, OAPM).',
    parse: platform,
    field: 'protocol.platform',
  }),
  EFTPAY_USER_KEY: variable({
    required: 'live',
    fallback: '',
    sandboxFallback: SANDBOX_USER_KEY,
    default: 'the sandbox key',
    description: 'The `user_confirm_key` eftPay sent you (at most 12 characters).',
    hint: 'set it to the user_confirm_key eftPay sent you',
    parse: z
      .string()
      .max(12, 'must be at most 12 characters (the user_confirm_key eftPay sent you).'),
    field: 'userKey',
  }),
  EFTPAY_SECRET: variable({
    required: 'live',
    fallback: '',
    sandboxFallback: SANDBOX_SECRET,
    default: 'the sandbox secret',
    secret: true,
    description: 'The `secret_code` eftPay sent you: signs every request and verifies every reply.',
    hint: 'set it to the secret_code eftPay sent you',
    parse: text,
    field: 'secret',
  }),
  EFTPAY_SECRET_PREVIOUS: variable({
    required: 'optional',
    fallback: [],
    secret: true,
    description:
      'Older secrets, comma separated, still accepted on incoming notifications while eftPay rotates the secret.',
    parse: commaList,
    field: 'previousSecrets',
  }),
  EFTPAY_REFUND_SERVICES: variable({
    required: 'optional',
    fallback: DEFAULT_GATEWAY_SETTINGS.refundServices,
    default: 'per wallet (docs/protocol.md, Refund)',
    description:
      'Refund service names that replace the defaults, `WALLET=service` comma separated (wallets and `APPLEPAY`), e.g. `OCT=service.common.Refund`. Set them when eftPay names the refund service of a product its pages do not list.',
    parse: refundServices,
    field: 'protocol.refundServices',
  }),
  EFTPAY_APPLE_PAY_SCENE: variable({
    required: 'optional',
    fallback: DEFAULT_GATEWAY_SETTINGS.applePayScene,
    description:
      "The `pay_scene` of Apple Pay token payments and their refunds: `TOKEN_APPLE_PAY` (the page's table) or `TOKEN` (the page's example).",
    parse: applePayScene,
    field: 'protocol.applePayScene',
  }),
  EFTPAY_ORDER_NOT_FOUND_STATUS: variable({
    required: 'optional',
    // eftPay's codes are not public: in live mode no status means "no such order" unless configured.
    fallback: DEFAULT_GATEWAY_SETTINGS.orderNotFoundStatuses,
    sandboxFallback: [SANDBOX_ORDER_NOT_FOUND_STATUS],
    default: '`08` in sandbox mode; none in live mode',
    description:
      'The query `return_status` codes eftPay documents as order does not exist, comma separated. Only these let the signer conclude an order was never placed; until eftPay gives you the code, leave it unset.',
    parse: orderNotFoundStatuses,
    field: 'protocol.orderNotFoundStatuses',
  }),
  EFTPAY_REFUND_NOT_FOUND_STATUS: variable({
    required: 'optional',
    // As for orders: without a documented code, a refund eftPay does not confirm stays pending.
    fallback: DEFAULT_GATEWAY_SETTINGS.refundNotFoundStatuses,
    sandboxFallback: [SANDBOX_REFUND_NOT_FOUND_STATUS],
    default: '`12` in sandbox mode; none in live mode',
    description:
      'The refund query `return_status` codes eftPay documents as refund does not exist, comma separated. Only these let the signer send a refund again whose first request got no answer, or fail one eftPay refused; until eftPay gives you the code, such refunds stay pending and are flagged for a person.',
    parse: refundNotFoundStatuses,
    field: 'protocol.refundNotFoundStatuses',
  }),
  EFTPAY_TOKEN_QUERY: variable({
    required: 'optional',
    fallback: DEFAULT_GATEWAY_SETTINGS.tokenQuery,
    description:
      'Where Apple Pay and Google Pay orders are queried: `QRcodeTradeQuery.do` (like web orders) or `service.common.Query` (on `JSAPIService.do`; a query `QRcodeTradeQuery.do` refuses is then asked there). `check --uat` proves which one.',
    parse: z.enum(TOKEN_QUERIES, `must be one of ${TOKEN_QUERIES.join(', ')}.`),
    field: 'protocol.tokenQuery',
  }),
  EFTPAY_REFUND_TOTAL_FEE: variable({
    required: 'optional',
    fallback: DEFAULT_GATEWAY_SETTINGS.refundTotalFee,
    description:
      "What a refund's `total_fee` carries: `sale-total` (the Refund pages' original order total) or `refund-amount` (this refund's amount). Only partial refunds differ; `check --uat` proves which one.",
    parse: z.enum(REFUND_TOTAL_FEES, `must be one of ${REFUND_TOTAL_FEES.join(', ')}.`),
    field: 'protocol.refundTotalFee',
  }),
  SIGNER_API_KEY: variable({
    required: 'live',
    fallback: '',
    sandboxFallback: SANDBOX_API_KEY,
    default: 'the documented sandbox key (sandbox only)',
    secret: true,
    description:
      'The key your backend sends as `Authorization: Bearer ...` (at least 24 characters; `openssl rand -hex 32`).',
    hint: 'set it to a random key of at least 24 characters (e.g. `openssl rand -hex 32`)',
    parse: z
      .string()
      .min(24, 'is too short: use at least 24 random characters (e.g. `openssl rand -hex 32`).'),
    field: 'apiKey',
  }),
  PUBLIC_URL: variable({
    required: 'live',
    fallback: undefined,
    default: '`http://127.0.0.1:$PORT`',
    description:
      'The https URL eftPay and shoppers reach this signer at (behind the TLS proxy). `notify_url` and `return_url` are built from it, so eftPay needs it on port 443 (or 80).',
    hint: 'set it to the https URL eftPay and shoppers reach this signer at',
    parse: publicUrl,
  }),
  ALLOWED_ORIGINS: variable({
    required: 'live',
    fallback: [],
    sandboxFallback: DEFAULT_SANDBOX_ORIGINS,
    default: '`http://localhost:*,http://127.0.0.1:*` (sandbox only: any port on this machine)',
    description:
      'Storefront origins allowed to call the browser endpoints, comma separated, e.g. `https://shop.example.com`.',
    hint: 'set it to your storefront origins, comma separated (e.g. https://shop.example.com)',
    parse: origins,
    field: 'allowedOrigins',
  }),
  EFTPAY_WALLETS: variable({
    required: 'optional',
    // Unset in live mode offers the redirect and QR wallets only: Apple Pay and Google Pay each need
    // an identity of their own (four and two variables), so a first live start does not ask for
    // them until they are listed.
    fallback: { wallets: [...WALLETS], applePayWanted: false, googlePayWanted: false },
    sandboxFallback: { wallets: [...WALLETS], applePayWanted: true, googlePayWanted: true },
    default: 'every wallet but APPLEPAY and GOOGLEPAY (sandbox: every wallet, both included)',
    description:
      'Wallets offered, comma separated (e.g. `ALIPAYHK,WECHATHK,PAYME,APPLEPAY,GOOGLEPAY`). Unset in live mode leaves Apple Pay and Google Pay off: list `APPLEPAY` or `GOOGLEPAY` to offer them (each then needs its own variables).',
    parse: wallets,
  }),
  DATABASE_URL: variable({
    required: 'optional',
    fallback: 'sqlite:./data/signer.db',
    secret: true,
    description:
      '`sqlite:<path>` for one process, or `postgres://user:password@host:5432/db` for several replicas (`?schema=`, `?pool_max=` (default 10), `?sslmode=require`). Its password is kept out of logs.',
    parse: databaseUrl,
    field: 'databaseUrl',
  }),
  PORT: variable({
    required: 'optional',
    fallback: 8787,
    description: 'The port to listen on (`0`: any free port).',
    parse: port,
    field: 'port',
  }),
  HOST: variable({
    required: 'optional',
    fallback: '127.0.0.1',
    description: 'The address to listen on; `0.0.0.0` in a container (the image sets it).',
    parse: text,
    field: 'host',
  }),
  MERCHANT_WEBHOOK_URL: variable({
    required: 'optional',
    fallback: undefined,
    default: '- (events kept, sent once a URL is set)',
    description:
      'Where your backend receives webhooks (https in live mode; plain http only to localhost).',
    hint: 'set the URL your backend receives webhooks at',
    parse: httpUrl,
  }),
  MERCHANT_WEBHOOK_SECRET: variable({
    required: 'with MERCHANT_WEBHOOK_URL',
    fallback: undefined,
    secret: true,
    description: 'Signs webhooks (`Eftpay-Signature`); at least 24 random characters.',
    hint: 'set a random secret of at least 24 characters',
    parse: z.string().min(24, 'is too short: use at least 24 random characters.'),
  }),
  APPLE_PAY_MERCHANT_ID: variable({
    required: 'live, with APPLEPAY',
    fallback: 'merchant.hk.eftpay.sandbox',
    description: 'Your Apple Pay merchant identifier.',
    parse: text,
    field: 'applePay.merchantId',
  }),
  APPLE_PAY_CERT: variable({
    required: 'live, with APPLEPAY',
    fallback: undefined,
    description: 'The merchant identity certificate (PEM), inline or a file path.',
    parse: pem,
    field: 'applePay.cert',
  }),
  APPLE_PAY_KEY: variable({
    required: 'live, with APPLEPAY',
    fallback: undefined,
    secret: true,
    description: 'The merchant identity private key (PEM), inline or a file path.',
    parse: pem,
    field: 'applePay.key',
  }),
  APPLE_PAY_DOMAIN: variable({
    required: 'live, with APPLEPAY',
    fallback: undefined,
    description: 'The storefront host registered with Apple, e.g. `shop.example.com`.',
    parse: hostName,
    field: 'applePay.domain',
  }),
  APPLE_PAY_DOMAIN_ASSOCIATION: variable({
    required: 'optional',
    fallback: undefined,
    description:
      'The `apple-developer-merchantid-domain-association` file (content or path); served at `/.well-known/...` when set.',
    parse: textOrFile,
    field: 'applePay.domainAssociation',
  }),
  GOOGLE_PAY_MERCHANT_ID: variable({
    required: 'live, with GOOGLEPAY',
    fallback: undefined,
    default: '- (sandbox: none; Google TEST needs none)',
    description:
      'Your merchant id from the Google Pay & Wallet Console (`merchantInfo.merchantId`).',
    parse: issuedId,
    field: 'googlePay.merchantId',
  }),
  GOOGLE_PAY_GATEWAY_MERCHANT_ID: variable({
    required: 'live, with GOOGLEPAY',
    fallback: SANDBOX_GATEWAY_MERCHANT_ID,
    description:
      'Your MPGS gateway merchant id, as eftPay issues it: Google encrypts the token for gateway `mpgs` and this merchant (`gatewayMerchantId`).',
    parse: issuedId,
    field: 'googlePay.gatewayMerchantId',
  }),
  GOOGLE_PAY_CARD_NETWORKS: variable({
    required: 'optional',
    // What Apple Pay offers through the same MPGS acquirer.
    fallback: ['VISA', 'MASTERCARD', 'AMEX'],
    description:
      'Card networks offered in Google Pay, comma separated, from `VISA`, `MASTERCARD`, `AMEX`, `JCB`, `DISCOVER`. The default is what Apple Pay offers through the same MPGS acquirer; add others only once eftPay confirms your MPGS merchant takes them.',
    parse: oneOrMoreOf(CARD_NETWORKS),
    field: 'googlePay.cardNetworks',
  }),
  GOOGLE_PAY_AUTH_METHODS: variable({
    required: 'optional',
    fallback: AUTH_METHODS,
    description:
      'Google Pay card authentication methods, comma separated: `PAN_ONLY` (cards on file) and `CRYPTOGRAM_3DS` (device tokens).',
    parse: oneOrMoreOf(AUTH_METHODS),
    field: 'googlePay.authMethods',
  }),
  MERCHANT_NAME: variable({
    required: 'optional',
    fallback: 'eftPay merchant',
    sandboxFallback: 'Demo Tea House',
    default: '`eftPay merchant` (sandbox: `Demo Tea House`)',
    description: 'Shown on Apple Pay, Google Pay and the sandbox pages.',
    parse: text,
    field: 'merchantName',
  }),
  MERCHANT_LOGO_URL: variable({
    required: 'optional',
    fallback: undefined,
    description:
      'An http(s) image shown at the top of the hosted checkout and payment link pages (docs/api.md, Hosted checkout). Add its origin to nothing: the pages allow images from any https origin.',
    parse: httpUrl,
    field: 'merchantLogoUrl',
  }),
  MERCHANT_BRAND_COLOR: variable({
    required: 'optional',
    fallback: undefined,
    default: '`#0b6e4f`',
    description: 'The accent colour of the hosted checkout and payment link pages, as `#rrggbb`.',
    parse: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #rrggbb, like #0b6e4f.'),
    field: 'merchantBrandColor',
  }),
  CATALOG_FILE: variable({
    required: 'optional',
    fallback: undefined,
    default: '- (sandbox: the demo catalog)',
    description: 'A JSON or YAML catalog of SKUs the storefront may sell by `sku`.',
    parse: text,
    field: 'catalogFile',
  }),
  RATE_LIMIT_PER_MINUTE: variable({
    required: 'optional',
    fallback: 120,
    description: 'Requests per minute per client IP and route group on the browser endpoints.',
    parse: positiveInteger,
    field: 'rateLimitPerMinute',
  }),
  TRUST_PROXY: variable({
    required: 'optional',
    fallback: false,
    description:
      'Read the client IP from `X-Forwarded-For`: set `true` only behind your own reverse proxy.',
    parse: trueOrFalse,
  }),
  TRUST_PROXY_HOPS: variable({
    required: 'optional',
    fallback: undefined,
    default: '`1` with `TRUST_PROXY`, else `0`',
    description:
      'How many proxies you run in front of the signer. The client IP is the `X-Forwarded-For` hop that many places from the right (the hops further left are whatever the client sent). Setting it implies `TRUST_PROXY`.',
    parse: proxyCount,
    field: 'trustProxyHops',
  }),
  SESSION_LIFETIME_SECONDS: variable({
    required: 'optional',
    fallback: 1800,
    description: 'Default lifetime of a checkout session.',
    parse: positiveInteger,
    field: 'sessionLifetimeSeconds',
  }),
  NEEDS_ATTENTION_AFTER_HOURS: variable({
    required: 'optional',
    fallback: 72,
    description:
      'Hours a payment or refund may stay without a final answer from eftPay before it is flagged as needing a person: a `payment.needs_attention` or `refund.needs_attention` webhook, an error log line, the `signer_needs_attention` metric and `GET /v1/attention`. Its status does not change.',
    parse: positiveInteger,
    field: 'needsAttentionAfterHours',
  }),
  CONSOLE_PORT: variable({
    required: 'optional',
    fallback: undefined,
    default: '`PORT` + 1 (`0` when `PORT` is `0`)',
    description:
      "The merchant console's own port, never the public one eftPay and shoppers reach (`0`: any free port).",
    parse: consolePort,
    field: 'consolePort',
  }),
  CONSOLE_HOST: variable({
    required: 'optional',
    fallback: '127.0.0.1',
    description:
      'The address the console listens on: this machine only by default; `0.0.0.0` in the container (the image sets it), published only to a private network (docs/deploy.md).',
    parse: text,
    field: 'consoleHost',
  }),
  CONSOLE_PUBLIC_URL: variable({
    required: 'optional',
    fallback: undefined,
    default: '`http://localhost:$CONSOLE_PORT`',
    description:
      "The origin people open the console at; invite links are printed with it and its host is the passkeys' relying-party id. https, or plain http to `localhost` only; a host name, never an IP address.",
    parse: consolePublicUrl,
    field: 'consolePublicUrl',
  }),
  CONSOLE_IDLE_MINUTES: variable({
    required: 'optional',
    fallback: 30,
    description: 'A console session unused this long is signed out.',
    parse: positiveInteger,
    field: 'consoleIdleMinutes',
  }),
  CONSOLE_SESSION_HOURS: variable({
    required: 'optional',
    fallback: 12,
    description: 'A console session ends this long after sign-in, used or not.',
    parse: positiveInteger,
    field: 'consoleSessionHours',
  }),
  LOG_LEVEL: variable({
    required: 'optional',
    fallback: 'info' as const,
    description: `One of ${LOG_LEVELS.join(', ')}.`,
    parse: logLevel,
    field: 'logLevel',
  }),
}

export type Variables = typeof VARIABLES
export type VariableName = keyof Variables
