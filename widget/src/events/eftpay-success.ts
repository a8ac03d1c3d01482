import type { WalletChoice } from '../api/wallets.js'
import { EftpayEvent } from './eftpay-event.js'

/** Detail of `eftpay-success`. */
export interface EftpaySuccessDetail {
  sessionId: string
  paymentId: string | undefined
  wallet: WalletChoice | undefined
  amount: string
  currency: string
}

/** Fired when the session is paid (verified by the signer). */
export class EftpaySuccessEvent extends EftpayEvent<EftpaySuccessDetail> {
  constructor(detail: EftpaySuccessDetail) {
    super('eftpay-success', detail)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-success': EftpaySuccessEvent
  }
}
