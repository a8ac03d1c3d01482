import { EftpayEvent } from './eftpay-event.js'
/** Detail of `eftpay-error`. */
export interface EftpayErrorDetail {
  /** The signer's error code (docs/api.md), or `network_error`, `bad_response`, `missing_client_secret`, `apple_pay_error`, `unsafe_url` (a payment link the widget will not open). */
  code: string
  /** For the developer, in English; the shopper sees a localised text. */
  message: string
  /** Whether trying the same thing again may help. */
  retryable: boolean
  /** HTTP status of the signer's answer, 0 when none came. */
  status: number
  /** The field the signer refused, if any. */
  param: string | undefined
}

/** Fired when something went wrong talking to the signer, or the widget is misconfigured. */
export class EftpayErrorEvent extends EftpayEvent<EftpayErrorDetail> {
  constructor(detail: EftpayErrorDetail) {
    super('eftpay-error', detail)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-error': EftpayErrorEvent
  }
}
