import type { Currency, PayingWallet } from '../contract/vocabulary.js'
import { ValidationError } from '../errors.js'
import { WALLET_CURRENCIES, walletTakesCurrency } from '../gateway/wallet-currencies.js'

/** The names shoppers and merchants know the wallets by, for the refusal's message. */
const WALLET_NAMES: Record<PayingWallet, string> = {
  ALIPAYHK: 'AlipayHK',
  ALIPAYCN: 'Alipay',
  WECHATHK: 'WeChat Pay HK',
  WECHATCN: 'WeChat Pay',
  PAYME: 'PayMe',
  OCT: 'Octopus',
  BOCVMPUPI: 'BOCPay',
  UNIONPAY: 'UnionPay',
  ICBCWAP: 'ICBC',
  MPGS: 'Visa / Mastercard',
  AE: 'American Express',
  APPLEPAY: 'Apple Pay',
  GOOGLEPAY: 'Google Pay',
}

/**
 * Refuses, before anything is stored or sent to eftPay, a payment with a wallet that does not take
 * the session's currency (docs/protocol.md "Currencies per wallet"): eftPay would refuse it, or
 * worse, take it in the wrong currency. A 400 `currency_not_supported` (docs/api.md "Errors").
 * `param` is the request field that chose the wallet, where there is one.
 */
export function assertWalletTakesCurrency(
  wallet: PayingWallet,
  currency: Currency,
  param?: string,
): void {
  if (walletTakesCurrency(wallet, currency)) return
  const takes = WALLET_CURRENCIES[wallet].join(' or ')
  throw new ValidationError({
    code: 'currency_not_supported',
    ...(param ? { param } : {}),
    message: `${WALLET_NAMES[wallet]} (${wallet}) does not take ${currency}, only ${takes}. Offer the shopper a wallet that takes ${currency} (GET /v1/config lists them), or create the session in ${takes}.`,
  })
}
