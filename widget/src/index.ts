// The public API of @eftpay/button: re-exports only, by name, so what is public is this one list.
// Importing it registers <eftpay-button>.

export { EftpayApiError } from './api/api-error.js'
export type { Device, Payment, PublicSession, SignerConfig } from './api/types.js'
export type { WalletChoice, WalletCode } from './api/wallets.js'
export { detectDevice, type EnvironmentHints } from './checkout/environment.js'
export type { PaymentState } from './checkout/state.js'
export { EftpayButton } from './eftpay-button/eftpay-button.js'
export {
  type EftpayCancelDetail,
  EftpayCancelEvent,
  type EftpayErrorDetail,
  EftpayErrorEvent,
  EftpayEvent,
  type EftpayEventMap,
  type EftpayFailureDetail,
  EftpayFailureEvent,
  type EftpayQrcodeDetail,
  EftpayQrcodeEvent,
  type EftpayReadyDetail,
  EftpayReadyEvent,
  type EftpayRedirectDetail,
  EftpayRedirectEvent,
  type EftpaySelectDetail,
  EftpaySelectEvent,
  type EftpaySuccessDetail,
  EftpaySuccessEvent,
} from './events/index.js'
export type { Lang, Translation } from './translations/translation.js'
