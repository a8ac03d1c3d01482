import type { WalletChoice } from '../api/wallets.js'
import { EftpayEvent } from './eftpay-event.js'

/** Detail of `eftpay-failure`. */
export interface EftpayFailureDetail {
  sessionId: string
  paymentId: string | undefined
  wallet: WalletChoice | undefined
  /** `failed`: the wallet refused or the shopper gave up there; `expired`: time ran out. */
  reason: 'failed' | 'expired'
}

/** Fired when a payment failed or expired. */
export class EftpayFailureEvent extends EftpayEvent<EftpayFailureDetail> {
  constructor(detail: EftpayFailureDetail) {
    super('eftpay-failure', detail)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-failure': EftpayFailureEvent
  }
}
