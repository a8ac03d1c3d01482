// The public API of @eftpay/button (STYLE.md 9): re-exports only, by name. Importing it registers
// <eftpay-button>.

export { type Device, detectDevice, type EnvironmentHints } from './controllers/environment.js'
export {
  EftpayApiError,
  type Payment,
  type PublicSession,
  type SignerConfig,
} from './controllers/signer-client.js'
export { EftpayButton } from './eftpay-button/eftpay-button.js'
export {
  type EftpayCancelDetail,
  EftpayCancelEvent,
  type EftpayErrorDetail,
  EftpayErrorEvent,
  EftpayEvent,
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
export type { PaymentState } from './internal/state.js'
export type { WalletChoice, WalletCode } from './internal/wallets.js'
export type { Lang, Translation } from './translations/translation.js'
