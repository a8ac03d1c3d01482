import type { WalletCode } from '../api/wallets.js'
import { EftpayEvent } from './eftpay-event.js'

/** Detail of `eftpay-ready`. */
export interface EftpayReadyDetail {
  mode: 'sandbox' | 'live'
  /** The wallets shown, in order. */
  wallets: WalletCode[]
  /** Whether the Apple Pay button is shown. */
  applePay: boolean
  /** Whether the Google Pay button is shown. */
  googlePay: boolean
  sessionId: string
  /** Session status when loaded: `open`, or a final one on a return page. */
  status: string
  amount: string
  currency: string
}

/** Fired once the configuration and the session are loaded and the choices are shown. */
export class EftpayReadyEvent extends EftpayEvent<EftpayReadyDetail> {
  constructor(detail: EftpayReadyDetail) {
    super('eftpay-ready', detail)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-ready': EftpayReadyEvent
  }
}
