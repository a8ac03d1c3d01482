/**
 * What went wrong talking to the gateway, typed so callers can decide without reading text:
 * - `invalid-request`: our own request broke a gateway limit; nothing was sent. Not retryable.
 * - `timeout`, `network`, `http` (5xx): the request may or may not have been taken. Retrying is safe
 *   only for idempotent calls (query), or after a query shows the order does not exist.
 * - `malformed`: the reply was not the JSON we expect.
 * - `signature`: the reply's signature is missing or wrong; its content must not be believed.
 * - `rejected`: a reply with `return_status` other than "00" (signed, or unsigned: docs/protocol.md
 *   lets a refusal come unsigned, so a refusal alone never proves more than "not taken")
 * - `order-not-found`: a query answered with the one status the documents define as "this order does
 *   not exist"; the only answer that may be read as "never placed" (docs/protocol.md).
 */
export type GatewayErrorKind =
  | 'invalid-request'
  | 'timeout'
  | 'network'
  | 'http'
  | 'malformed'
  | 'signature'
  | 'rejected'
  | 'order-not-found'

export interface GatewayErrorOptions {
  kind: GatewayErrorKind
  message: string
  /** The field that broke a limit (`invalid-request`) or was malformed in the reply. */
  field?: string
  returnStatus?: string
  returnChar?: string
  httpStatus?: number
  cause?: unknown
}

export class GatewayError extends Error {
  readonly kind: GatewayErrorKind
  readonly field?: string
  readonly returnStatus?: string
  readonly returnChar?: string
  readonly httpStatus?: number

  constructor(options: GatewayErrorOptions) {
    super(options.message, { cause: options.cause })
    this.name = 'GatewayError'
    this.kind = options.kind
    this.field = options.field
    this.returnStatus = options.returnStatus
    this.returnChar = options.returnChar
    this.httpStatus = options.httpStatus
  }

  /**
   * Whether the same request may help if sent again. The outcome of a timed-out or failed
   * non-idempotent call is unknown: callers must query before placing a new order.
   */
  get retryable(): boolean {
    return (
      this.kind === 'timeout' ||
      this.kind === 'network' ||
      this.kind === 'http' ||
      this.kind === 'malformed'
    )
  }
}
