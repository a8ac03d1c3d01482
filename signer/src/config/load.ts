import { readFileSync } from 'node:fs'
import { type GatewaySettings, presetOf } from '../gateway/settings.js'
import { checkRules, partnerOf, type Values } from './rules.js'
import { type Config, ConfigError, type FieldsFrom } from './types.js'
import { type Mode, type ReadContext, readVariable, type Variable } from './variable.js'
import { VARIABLES, type VariableName } from './variables.js'

/**
 * The signer's configuration, read from the environment once at start: every row of the table
 * (variables.ts), then the rules across variables (rules.ts). `loadConfig` never throws half-way: it
 * collects every problem and throws one `ConfigError` that lists them all with what to set. Secret
 * values never appear in a message.
 *
 * Decisions (docs/deploy.md):
 * - No `EFTPAY_GATEWAY_URL` means sandbox mode; the built-in simulator answers at
 *   `${PUBLIC_URL}/sandbox/VMP` (`/sandbox/OAPM/v1` with EFTPAY_PLATFORM=oapm).
 * - `EFTPAY_SECRET_PREVIOUS` (optional, comma list) keeps old secrets for verifying incoming
 *   notifications while eftPay rotates the secret; requests are always signed with `EFTPAY_SECRET`.
 * - `APPLE_PAY_CERT`, `APPLE_PAY_KEY` and `APPLE_PAY_DOMAIN_ASSOCIATION` take the content itself
 *   (PEM text starting with `-----BEGIN`, or the association text) or a path to a file holding it.
 * - `HOST` defaults to 127.0.0.1; set `HOST=0.0.0.0` in a container.
 */

export interface LoadConfigOptions {
  /** Reads a file named by a variable (certificates, association file); injectable for tests. */
  readFile?: (path: string) => string
}

type Environment = Readonly<Record<string, string | undefined>>
type RawValues = Partial<Record<VariableName, string>>

const NAMES = Object.keys(VARIABLES) as VariableName[]

/** The table's variables as set: trimmed, blanks as unset. Nothing else is read. */
function rawValues(env: Environment): RawValues {
  const raw: RawValues = {}
  for (const name of NAMES) {
    const value = env[name]?.trim()
    if (value) raw[name] = value
  }
  return raw
}

/**
 * Every row's value and problems. The two of a pair (`with X`) are read only together: one alone is
 * the rule's one problem (rules.ts "pairs-set-together"), not also its format's.
 */
export function readValues(
  raw: RawValues,
  context: ReadContext,
): { values: Values; problems: string[] } {
  const problems: string[] = []
  const values: Partial<Record<VariableName, unknown>> = {}
  for (const name of NAMES) {
    const partner = partnerOf(name) ?? NAMES.find((other) => partnerOf(other) === name)
    const alone = partner !== undefined && raw[partner] === undefined
    const read = readVariable(
      name,
      VARIABLES[name] as Variable<unknown>,
      alone ? undefined : raw[name],
      context,
    )
    values[name] = read.value
    problems.push(...read.problems)
  }
  return { values: values as Values, problems }
}

/** Puts each value with a `field` at its place, top level or in its group; unset ones stay out. */
export function placeFields(values: Values) {
  const top: Record<string, unknown> = {}
  const groups: Record<string, Record<string, unknown>> = {}
  for (const name of NAMES) {
    const path: string | undefined = VARIABLES[name].field
    const value = values[name]
    if (path === undefined || value === undefined) continue
    const [group, field] = path.includes('.') ? path.split('.', 2) : [undefined, path]
    if (!group || !field) top[path] = value
    else groups[group] = { ...groups[group], [field]: value }
  }
  return {
    top: top as FieldsFrom<undefined>,
    protocol: groups.protocol as FieldsFrom<'protocol'>,
    applePay: groups.applePay as FieldsFrom<'applePay'>,
    googlePay: groups.googlePay as FieldsFrom<'googlePay'>,
  }
}

/** The built-in sandbox's gateway base: under `/sandbox`, at the platform's path. */
function sandboxGatewayUrl(publicUrl: string, protocol: GatewaySettings | undefined): string {
  return `${publicUrl}/sandbox${presetOf(protocol).basePath}`
}

/** `Config` from the values: the table's fields, and the few combined from several variables. */
function toConfig(values: Values, mode: Mode, isSet: (name: VariableName) => boolean): Config {
  const fields = placeFields(values)
  const publicUrl = values.PUBLIC_URL ?? `http://127.0.0.1:${values.PORT}`
  const protocol: GatewaySettings = fields.protocol
  const url = values.MERCHANT_WEBHOOK_URL
  const secret = values.MERCHANT_WEBHOOK_SECRET
  return {
    ...fields.top,
    mode,
    publicUrl,
    publicUrlIsDefault: !isSet('PUBLIC_URL'),
    gatewayUrl: values.EFTPAY_GATEWAY_URL ?? sandboxGatewayUrl(publicUrl, protocol),
    protocol,
    apiKeyIsDefault: !isSet('SIGNER_API_KEY'),
    wallets: values.EFTPAY_WALLETS.wallets,
    ...(url && secret ? { webhook: { url, secret } } : {}),
    applePay: { enabled: values.EFTPAY_WALLETS.applePayWanted, ...fields.applePay },
    googlePay: { enabled: values.EFTPAY_WALLETS.googlePayWanted, ...fields.googlePay },
    trustProxy: values.TRUST_PROXY || (values.TRUST_PROXY_HOPS ?? 0) > 0,
  }
}

/** Builds the configuration from an environment, or throws `ConfigError` listing every problem. */
export function loadConfig(env: Environment, options: LoadConfigOptions = {}): Config {
  const raw = rawValues(env)
  const mode: Mode = raw.EFTPAY_GATEWAY_URL ? 'live' : 'sandbox'
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'))
  const { values, problems } = readValues(raw, { mode, readFile })
  const isSet = (name: VariableName) => raw[name] !== undefined
  problems.push(...checkRules({ mode, values, isSet }))
  if (problems.length > 0) throw new ConfigError(problems)
  return toConfig(values, mode, isSet)
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
    gatewayUrl:
      config.mode === 'sandbox' ? sandboxGatewayUrl(publicUrl, config.protocol) : config.gatewayUrl,
  }
}
