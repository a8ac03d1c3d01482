import type { WalletCode } from '../contract/vocabulary.js'
import type { GatewaySettings } from '../gateway/settings.js'
import type { FieldOf, Group, Mode, ValueOf } from './variable.js'
import type { VariableName, Variables } from './variables.js'

/**
 * The signer's configuration as the rest of the signer sees it. Most fields come from one row of the
 * table each (variables.ts, its `field`), typed from that row; the fields written out below are the
 * ones load.ts combines from several variables.
 */

export type { Mode }

type Value<K extends VariableName> = ValueOf<Variables[K]>

/** The name a row's `field` gives it at the top level (G undefined) or inside group G. */
type FieldIn<P, G extends Group | undefined> = P extends string
  ? G extends Group
    ? P extends `${G}.${infer F}`
      ? F
      : never
    : P extends `${string}.${string}`
      ? never
      : P
  : never

type FieldName<K extends VariableName, G extends Group | undefined> = FieldIn<
  FieldOf<Variables[K]>,
  G
>

/** The fields filled straight from one variable each; optional where the variable may be unset. */
export type FieldsFrom<G extends Group | undefined> = {
  [K in VariableName as undefined extends Value<K> ? never : FieldName<K, G>]: Value<K>
} & {
  [K in VariableName as undefined extends Value<K> ? FieldName<K, G> : never]?: Exclude<
    Value<K>,
    undefined
  >
}

export interface ApplePayConfig extends FieldsFrom<'applePay'> {
  /** Whether `APPLEPAY` is among the enabled wallets. */
  enabled: boolean
}

export interface GooglePayConfig extends FieldsFrom<'googlePay'> {
  /** Whether `GOOGLEPAY` is among the enabled wallets. */
  enabled: boolean
}

export interface Config extends FieldsFrom<undefined> {
  mode: Mode
  /** Without a trailing slash. */
  publicUrl: string
  /** True when PUBLIC_URL was not set: it is `http://127.0.0.1:<port>`, following the port. */
  publicUrlIsDefault?: boolean
  /** Gateway base, e.g. `https://vmp.eftpay.com.cn/VMP`; the built-in sandbox's in sandbox mode. */
  gatewayUrl: string
  /** Protocol choices the documents leave open (gateway/settings.ts, docs/protocol.md "Settings"). */
  protocol?: GatewaySettings
  /** True when SIGNER_API_KEY was not set and the documented sandbox key is in use. */
  apiKeyIsDefault: boolean
  /** Redirect and QR wallets in display order (Apple Pay is `applePay.enabled`). */
  wallets: WalletCode[]
  webhook?: { url: string; secret: string }
  applePay: ApplePayConfig
  googlePay: GooglePayConfig
  /** Read the client IP from `X-Forwarded-For` (TRUST_PROXY, or TRUST_PROXY_HOPS above 0). */
  trustProxy: boolean
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
