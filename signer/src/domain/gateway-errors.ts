import { type ApiError, UpstreamError, ValidationError } from '../errors.js'
import type { GatewayError } from '../gateway/gateway-error.js'

/**
 * Gateway request fields → the API field a caller can fix, for `invalid-request` errors (our own
 * request broke a gateway limit, so it names what the merchant sent).
 */
const PARAM_OF_FIELD: Record<string, string> = {
  transaction_amount: 'amount',
  return_amount: 'amount',
  total_fee: 'amount',
  fee_type: 'currency',
  subject: 'subject',
  body: 'body',
  reason: 'reason',
  token_id: 'token',
  buyerType: 'device.os',
  lang: 'lang',
  wallet: 'wallet',
  notify_url: 'public_url',
  return_url: 'public_url',
}

/**
 * The one mapping of gateway failures to API errors (the lead's split): timeout → 504
 * `gateway_timeout`; network/http → 502 `gateway_unavailable`; malformed → 502 `gateway_bad_reply`;
 * signature → 502 `gateway_signature`; rejected → 502 `gateway_rejected` (eftPay's `return_char`
 * is never exposed: callers log it); invalid-request → 400 naming the field.
 */
export function toApiError(error: GatewayError): ApiError {
  switch (error.kind) {
    case 'timeout':
      return new UpstreamError({
        status: 504,
        code: 'gateway_timeout',
        message:
          'eftPay did not answer in time. Send the same request again; no second order will be placed.',
        retryable: true,
        cause: error,
      })
    case 'network':
    case 'http':
      return new UpstreamError({
        code: 'gateway_unavailable',
        message: 'eftPay could not be reached. Send the same request again in a moment.',
        retryable: true,
        cause: error,
      })
    case 'malformed':
      return new UpstreamError({
        code: 'gateway_bad_reply',
        message: 'eftPay answered with a reply the signer could not read. Try again in a moment.',
        retryable: true,
        cause: error,
      })
    case 'signature':
      return new UpstreamError({
        code: 'gateway_signature',
        message:
          "eftPay's reply failed signature verification and was not trusted. Check EFTPAY_SECRET, then try again.",
        retryable: true,
        cause: error,
      })
    case 'rejected':
    case 'order-not-found':
      return new UpstreamError({
        code: 'gateway_rejected',
        message: 'eftPay refused the request. Try another payment method, or contact the merchant.',
        retryable: false,
        cause: error,
      })
    case 'invalid-request': {
      const param = (error.field && PARAM_OF_FIELD[error.field]) || error.field
      return new ValidationError({
        param,
        message: `${param ?? 'The request'} does not meet eftPay's limits: ${error.message}. Correct it and send again.`,
        cause: error,
      })
    }
  }
}
