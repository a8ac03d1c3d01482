/**
 * The `@eftpay/signer` package: the app factory and its entry point for merchants who embed or
 * run the signer, the webhook verifier for merchants' backends, the gateway signing helpers,
 * and the sandbox for merchants' own tests.
 */

export {
  createSandbox,
  SANDBOX_SECRET,
  SANDBOX_USER_KEY,
  type Sandbox,
  type SandboxOptions,
} from '@eftpay/sandbox'
export { type AppDeps, createApp } from './app.js'
export { type Catalog, createCatalog, loadCatalogFile } from './catalog/catalog.js'
export { type Config, ConfigError, loadConfig, SANDBOX_API_KEY } from './config/index.js'
export type { PaymentsService } from './domain/types.js'
export { ApiError } from './errors.js'
export { canonicalString, type GatewayFields, sign, signPayload } from './gateway/sign.js'
export { type VerifyResult, verify } from './gateway/verify.js'
export { type RunningSigner, runMain, type StartOptions, startSigner } from './main.js'
export {
  SIGNATURE_HEADER,
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookEvent,
  WebhookVerificationError,
} from './webhooks/verify-webhook.js'
