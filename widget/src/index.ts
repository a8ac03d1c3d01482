// The public API of @eftpay/button (STYLE.md 9): re-exports only, by name. Importing it registers
// <eftpay-button>.
export { EftpayButton } from './eftpay-button/eftpay-button.js'
export {
  EftpayCancelEvent,
  EftpayEvent,
  EftpayErrorEvent,
  EftpayFailureEvent,
  EftpayQrcodeEvent,
  EftpayReadyEvent,
  EftpayRedirectEvent,
  EftpaySelectEvent,
  EftpaySuccessEvent,
  type EftpayCancelDetail,
  type EftpayErrorDetail,
  type EftpayFailureDetail,
  type EftpayQrcodeDetail,
  type EftpayReadyDetail,
  type EftpayRedirectDetail,
  type EftpaySelectDetail,
  type EftpaySuccessDetail,
} from './events/index.js'
export { detectDevice, type Device, type EnvironmentHints } from './controllers/environment.js'
export { EftpayApiError, type Payment, type PublicSession, type SignerConfig } from './controllers/signer-client.js'
export type { PaymentState } from './internal/state.js'
export type { WalletChoice, WalletCode } from './internal/wallets.js'
export type { Lang, Translation } from './translations/translation.js'
