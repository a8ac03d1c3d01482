import type { WalletChoice } from '../api/wallets.js'
import type { Translation } from './translation.js'

/** English, registered eagerly: the last step of every fallback chain. */
const en: Translation & { wallets: Record<WalletChoice, string> } = {
  $code: 'en',
  wallets: {
    ALIPAYHK: 'AlipayHK',
    ALIPAYCN: 'Alipay',
    WECHATHK: 'WeChat Pay HK',
    WECHATCN: 'WeChat Pay',
    PAYME: 'PayMe',
    OCT: 'Octopus',
    BOCVMPUPI: 'BoC Pay',
    UNIONPAY: 'UnionPay',
    ICBCWAP: 'ICBC',
    MPGS: 'Visa / Mastercard',
    AE: 'American Express',
    APPLEPAY: 'Apple Pay',
    GOOGLEPAY: 'Google Pay',
  },
  applePay: 'Pay with Apple Pay',
  loading: 'Loading payment options…',
  choose: 'Choose how to pay',
  total: 'Total',
  sandbox: 'Sandbox: no real money moves',
  working: (w) => `Starting ${w}…`,
  redirecting: (w) => `Opening ${w}…`,
  scan: (w) => `Scan with ${w} on your phone`,
  qr: (w) => `QR code to pay with ${w}`,
  expiresIn: (t) => `Expires in ${t}`,
  back: 'Choose another way to pay',
  checking: 'Checking your payment…',
  paid: 'Payment received. Thank you!',
  failed: 'The payment did not go through. Please try again.',
  cancelled: 'Payment cancelled.',
  expired: 'This payment has expired.',
  error: 'Something went wrong.',
  retry: 'Try again',
}

export default en
