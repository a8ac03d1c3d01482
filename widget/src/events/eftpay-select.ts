import type { WalletChoice } from '../api/wallets.js'
import { EftpayEvent } from './eftpay-event.js'

/** Detail of `eftpay-select`. */
export interface EftpaySelectDetail {
  wallet: WalletChoice
  sessionId: string
}

/** Fired when the shopper chooses a wallet or Apple Pay, before the payment is started. */
export class EftpaySelectEvent extends EftpayEvent<EftpaySelectDetail> {
  constructor(detail: EftpaySelectDetail) {
    super('eftpay-select', detail)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-select': EftpaySelectEvent
  }
}
