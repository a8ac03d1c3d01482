import type { WalletChoice } from '../api/wallets.js'
import { EftpayEvent } from './eftpay-event.js'

/** Detail of `eftpay-cancel`. */
export interface EftpayCancelDetail {
  sessionId: string
  wallet: WalletChoice
  /**
   * `qr-code`: the shopper went back from the QR code; `apple-pay` or `google-pay`: closed that
   * payment sheet.
   */
  source: 'qr-code' | 'apple-pay' | 'google-pay'
}

/** Fired when the shopper cancels a payment in the widget. */
export class EftpayCancelEvent extends EftpayEvent<EftpayCancelDetail> {
  constructor(detail: EftpayCancelDetail) {
    super('eftpay-cancel', detail)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-cancel': EftpayCancelEvent
  }
}
