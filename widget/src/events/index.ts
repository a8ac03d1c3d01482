export { type EftpayCancelDetail, EftpayCancelEvent } from './eftpay-cancel.js'
export { type EftpayErrorDetail, EftpayErrorEvent } from './eftpay-error.js'
export { EftpayEvent } from './eftpay-event.js'
export { type EftpayFailureDetail, EftpayFailureEvent } from './eftpay-failure.js'
export { type EftpayQrcodeDetail, EftpayQrcodeEvent } from './eftpay-qrcode.js'
export { type EftpayReadyDetail, EftpayReadyEvent } from './eftpay-ready.js'
export { type EftpayRedirectDetail, EftpayRedirectEvent } from './eftpay-redirect.js'
export { type EftpaySelectDetail, EftpaySelectEvent } from './eftpay-select.js'
export { type EftpaySuccessDetail, EftpaySuccessEvent } from './eftpay-success.js'

import type { EftpayCancelEvent } from './eftpay-cancel.js'
import type { EftpayErrorEvent } from './eftpay-error.js'
import type { EftpayFailureEvent } from './eftpay-failure.js'
import type { EftpayQrcodeEvent } from './eftpay-qrcode.js'
import type { EftpayReadyEvent } from './eftpay-ready.js'
import type { EftpayRedirectEvent } from './eftpay-redirect.js'
import type { EftpaySelectEvent } from './eftpay-select.js'
import type { EftpaySuccessEvent } from './eftpay-success.js'

/** Every event `<eftpay-button>` dispatches, by name: the one list the typings derive from. */
export interface EftpayEventMap {
  'eftpay-ready': EftpayReadyEvent
  'eftpay-select': EftpaySelectEvent
  'eftpay-redirect': EftpayRedirectEvent
  'eftpay-qrcode': EftpayQrcodeEvent
  'eftpay-success': EftpaySuccessEvent
  'eftpay-failure': EftpayFailureEvent
  'eftpay-cancel': EftpayCancelEvent
  'eftpay-error': EftpayErrorEvent
}
