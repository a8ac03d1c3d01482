import type { Currency, PayingWallet } from '../contract/vocabulary.js'

const BOTH: readonly Currency[] = ['HKD', 'CNY']
const HKD_ONLY: readonly Currency[] = ['HKD']

/**
 * The currencies each wallet takes (docs/protocol.md, "Currencies per wallet"). The token pages
 * give `fee_type` HKD only; the PreOrder page gives HKD and CNY for every service in its table,
 * except where a wallet holds only Hong Kong dollars (Octopus, PayMe: assumptions, documented).
 */
export const WALLET_CURRENCIES: Readonly<Record<PayingWallet, readonly Currency[]>> = {
  ALIPAYHK: BOTH,
  ALIPAYCN: BOTH,
  WECHATHK: BOTH,
  WECHATCN: BOTH,
  PAYME: HKD_ONLY,
  OCT: HKD_ONLY,
  BOCVMPUPI: BOTH,
  UNIONPAY: BOTH,
  ICBCWAP: BOTH,
  MPGS: BOTH,
  AE: BOTH,
  APPLEPAY: HKD_ONLY,
  GOOGLEPAY: HKD_ONLY,
}

/** Whether a wallet takes a currency: a session in another currency is never offered it or sent. */
export function walletTakesCurrency(wallet: PayingWallet, currency: Currency): boolean {
  return WALLET_CURRENCIES[wallet].includes(currency)
}
