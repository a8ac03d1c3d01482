import type { WalletCode } from '../api/wallets.js'
import { EftpayEvent } from './eftpay-event.js'

/** Detail of `eftpay-redirect`. */
export interface EftpayRedirectDetail {
  wallet: WalletCode
  /** Where the shopper goes to pay (`next_action.url`). */
  url: string
  paymentId: string
  sessionId: string
}

/** Fired before the widget navigates to the wallet. Cancel it (`preventDefault()`) to navigate yourself, e.g. in a single-page app. */
export class EftpayRedirectEvent extends EftpayEvent<EftpayRedirectDetail> {
  constructor(detail: EftpayRedirectDetail) {
    super('eftpay-redirect', detail, true)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-redirect': EftpayRedirectEvent
  }
}
