import { HTTPException } from 'hono/http-exception'
import { ApiError, BodyTooLargeError, UpstreamError, ValidationError } from './errors.js'
import { GatewayError } from './gateway/gateway-error.js'

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
 * Any thrown value → the API error it is answered as, or undefined for an unknown error (which
 * the app's one `onError` answers as a generic 500). The domain throws domain errors (`ApiError`
 * subclasses) and the gateway client's `GatewayError`s as they are; only this maps them.
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error
  if (error instanceof GatewayError) return fromGatewayError(error)
  // Hono's own 413 (a body limit without our handler): answered the same way as ours.
  if (error instanceof HTTPException && error.status === 413) return new BodyTooLargeError()
  return undefined
}

/**
 * What is safe to log of a gateway failure: kind and return codes (`return_char` only in the log,
 * never to callers).
 */
export function gatewayLogDetail(error: unknown): Record<string, unknown> | undefined {
  const cause =
    error instanceof GatewayError
      ? error
      : error instanceof Error && error.cause instanceof GatewayError
        ? error.cause
        : undefined
  if (!cause) return undefined
  return {
    kind: cause.kind,
    return_status: cause.returnStatus,
    return_char: cause.returnChar,
    http_status: cause.httpStatus,
  }
}

/**
 * Gateway failures → API errors: timeout → 504
 * `gateway_timeout`; network/http → 502 `gateway_unavailable`; malformed → 502 `gateway_bad_reply`;
 * signature → 502 `gateway_signature`; rejected → 502 `gateway_rejected` (eftPay's `return_char`
 * is never exposed: callers log it); invalid-request → 400 naming the field.
 */
function fromGatewayError(error: GatewayError): ApiError {
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
