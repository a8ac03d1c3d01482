import type { WalletCode } from '../api/wallets.js'
import { EftpayEvent } from './eftpay-event.js'

/** Detail of `eftpay-qrcode`. */
export interface EftpayQrcodeDetail {
  wallet: WalletCode
  /** What the QR code encodes. */
  url: string
  paymentId: string
  sessionId: string
  /** ISO 8601 time after which the code no longer pays, if the signer said. */
  expiresAt: string | undefined
}

/** Fired when a QR code is shown for the shopper to scan with a phone. */
export class EftpayQrcodeEvent extends EftpayEvent<EftpayQrcodeDetail> {
  constructor(detail: EftpayQrcodeDetail) {
    super('eftpay-qrcode', detail)
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'eftpay-qrcode': EftpayQrcodeEvent
  }
}
