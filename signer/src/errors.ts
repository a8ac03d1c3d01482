/**
 * The signer's error classes (STYLE.md 13, after stripe-node's `StripeError`). Anything thrown on
 * the way to a response is one of these, or is reported as a generic 500 by the app's one onError.
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
