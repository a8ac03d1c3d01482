/**
 * The `@eftpay/signer` package: the app factory and its entry point for merchants who embed or
 * run the signer, the webhook verifier for merchants' backends, the gateway signing helpers,
 * and the sandbox for merchants' own tests.
 */
export { createApp, type AppDeps } from './app.js'
export { startSigner, runMain, type RunningSigner, type StartOptions } from './main.js'
export { loadConfig, ConfigError, SANDBOX_API_KEY, type Config } from './config.js'
export { verifyWebhook, WebhookVerificationError, SIGNATURE_HEADER, signWebhook, type WebhookEvent, type VerifyWebhookOptions } from './webhooks/verify-webhook.js'
export { sign, signPayload, canonicalString, type GatewayFields } from './gateway/sign.js'
export { verify, type VerifyResult } from './gateway/verify.js'
export { createSandbox, SANDBOX_SECRET, SANDBOX_USER_KEY, type Sandbox, type SandboxOptions } from './gateway/sandbox/index.js'
export { createCatalog, loadCatalogFile, type Catalog } from './catalog/catalog.js'
export { ApiError } from './errors.js'
export type { PaymentsService } from './domain/types.js'
