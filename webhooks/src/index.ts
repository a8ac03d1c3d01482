/**
 * `@eftpay/webhooks`: verify (and, for tests, sign) the webhooks the eftPay signer sends to the
 * merchant's backend. Nothing but `node:crypto` (docs/api.md "Merchant webhooks").
 *
 * ```ts
 * import { verifyWebhook } from '@eftpay/webhooks'
 * const event = verifyWebhook({ payload: rawBody, header: req.headers['eftpay-signature'], secret })
 * ```
 */
export type { WebhookEvent, WebhookEventType } from './event.js'
export { secureCompare } from './secure-compare.js'
export { computeWebhookSignature, SIGNATURE_HEADER, signWebhook } from './sign.js'
export {
  DEFAULT_TOLERANCE_SECONDS,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookErrorCode,
  WebhookVerificationError,
} from './verify.js'
