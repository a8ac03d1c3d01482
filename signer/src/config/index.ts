/**
 * The signer's configuration: one table of environment variables (variables.ts) from which loading
 * (load.ts), the cross-variable rules (rules.ts) and the reference in docs/deploy.md (reference.ts)
 * are derived. The rest of the signer imports from here.
 */
export { type GatewaySettingsInput, parseGatewaySettings } from './gateway-settings.js'
export { type LoadConfigOptions, loadConfig, withBoundPort } from './load.js'
export { DEFAULT_SANDBOX_ORIGINS } from './parsers.js'
export { SANDBOX_API_KEY, SANDBOX_SECRET, SANDBOX_USER_KEY } from './sandbox-credentials.js'
export {
  type ApplePayConfig,
  type Config,
  ConfigError,
  type GooglePayConfig,
  type Mode,
} from './types.js'
