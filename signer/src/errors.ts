/**
 * The signer's error classes (after stripe-node's `StripeError`). Anything thrown on the way to a
 * response is one of these or a `GatewayError` (both mapped by error-mapping.ts), or is reported
 * as a generic 500 by the app's one onError.
 * Every message tells the caller what to do next; `param` names the offending field.
 */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'conflict_error'
  | 'rate_limit_error'
  | 'gateway_error'
  | 'api_error'

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 502 | 504

export interface ApiErrorOptions {
  status: ApiErrorStatus
  type: ApiErrorType
  code: string
  message: string
  param?: string
  /** Whether the same request may succeed if sent again. */
  retryable?: boolean
  cause?: unknown
}

export class ApiError extends Error {
  readonly status: ApiErrorStatus
  readonly type: ApiErrorType
  readonly code: string
  readonly param?: string
  readonly retryable: boolean

  constructor(options: ApiErrorOptions) {
    super(options.message, { cause: options.cause })
    this.name = 'ApiError'
    this.status = options.status
    this.type = options.type
    this.code = options.code
    this.param = options.param
    this.retryable = options.retryable ?? false
  }

  /** The public JSON body (docs/api.md "Errors"). */
  toJSON() {
    return {
      error: {
        type: this.type,
        code: this.code,
        message: this.message,
        ...(this.param ? { param: this.param } : {}),
        retryable: this.retryable,
      },
    }
  }
}

type Specific = Omit<ApiErrorOptions, 'status' | 'type'>

/** 400: the request is malformed; `param` names the field. */
export class ValidationError extends ApiError {
  constructor(options: Omit<Specific, 'code'> & { code?: string }) {
    super({
      ...options,
      code: options.code ?? 'invalid_field',
      status: 400,
      type: 'invalid_request_error',
    })
  }
}

/** 401: missing or wrong API key. */
export class AuthenticationError extends ApiError {
  constructor(options: Specific) {
    super({ ...options, status: 401, type: 'authentication_error' })
  }
}

/** 403: wrong client secret, origin or validation URL. */
export class PermissionError extends ApiError {
  constructor(options: Specific) {
    super({ ...options, status: 403, type: 'permission_error' })
  }
}

/** 404. */
export class NotFoundError extends ApiError {
  constructor(options: Specific) {
    super({ ...options, status: 404, type: 'not_found_error' })
  }
}

/** 409: the resource's state does not allow this. */
export class ConflictError extends ApiError {
  constructor(options: Specific) {
    super({ ...options, status: 409, type: 'conflict_error' })
  }
}

/** 502/504: eftPay failed; `retryable` says whether trying again may help. */
export class UpstreamError extends ApiError {
  constructor(options: Specific & { status?: 502 | 504 }) {
    super({ ...options, status: options.status ?? 502, type: 'gateway_error' })
  }
}

/** The most a request body may hold (64 kB). */
export const MAX_BODY_BYTES = 64 * 1024

/** 413: the request body is over the limit. */
export class BodyTooLargeError extends ApiError {
  constructor(maxBytes = MAX_BODY_BYTES) {
    super({
      status: 413,
      type: 'invalid_request_error',
      code: 'body_too_large',
      message: `The body is larger than ${Math.round(maxBytes / 1024)} kB. Send a smaller request.`,
    })
  }
}

/** 500: anything unexpected; the details are in the log, never in the answer. */
export class InternalError extends ApiError {
  constructor() {
    super({
      status: 500,
      type: 'api_error',
      code: 'internal',
      retryable: true,
      message:
        'Something went wrong in the signer. Try again in a moment; if it keeps failing, contact the merchant.',
    })
  }
}
