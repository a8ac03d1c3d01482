/**
 * An error answered by the signer (its `{error: {...}}` body), or a network failure (`network_error`)
 * or an unreadable answer (`bad_response`), both of which a retry may cure.
 */
export class EftpayApiError extends Error {
  declare readonly code: string
  declare readonly retryable: boolean
  /** HTTP status, 0 when no answer came. */
  declare readonly status: number
  declare readonly param: string | undefined

  constructor(o: {
    code: string
    message: string
    retryable: boolean
    status: number
    param?: string | undefined
  }) {
    super(o.message)
    this.name = 'EftpayApiError'
    // All of `o` at once (bytes: the script-tag file's 12 kB budget); `message` is the same value.
    Object.assign(this, o)
  }
}

/**
 * An error found on the widget's side, with no answer from the signer (status 0): a
 * misconfiguration (never worth a retry as is) or a network failure (`retryable`).
 */
export const fault = (code: string, message: string, retryable = false): EftpayApiError =>
  new EftpayApiError({ code, message, retryable, status: 0 })
