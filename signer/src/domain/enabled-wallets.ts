import type { Device, PayingWallet, WalletCode } from '../contract/vocabulary.js'
import { NotFoundError, ValidationError } from '../errors.js'
import { walletFits } from '../gateway/routing-table.js'

/**
 * Which wallets this signer offers (docs/api.md "GET /v1/config"): the PreOrder wallets of
 * `EFTPAY_WALLETS`, and Apple Pay and Google Pay when they are set up. `GET /v1/config` lists
 * them and every payment route refuses the others, from this one rule.
 */

/** What the configuration says of the wallets (`Config` has these fields). */
export interface WalletSettings {
  wallets: readonly WalletCode[]
  applePay: { enabled: boolean }
  googlePay: { enabled: boolean }
}

/**
 * `wallets`: the PreOrder wallets, on a given device only those the routing table can pay there
 * (routing-table.ts `walletFits`); `offered`: those and the token wallets that are set up.
 */
export function enabledWallets(
  settings: WalletSettings,
  device?: Device,
): { wallets: WalletCode[]; offered: PayingWallet[] } {
  const wallets = device
    ? settings.wallets.filter((w) => walletFits(w, device))
    : [...settings.wallets]
  const offered: PayingWallet[] = [
    ...wallets,
    ...(settings.applePay.enabled ? (['APPLEPAY'] as const) : []),
    ...(settings.googlePay.enabled ? (['GOOGLEPAY'] as const) : []),
  ]
  return { wallets, offered }
}

/**
 * Refuses a wallet this signer does not offer, naming the request field `param`. A token wallet
 * says which variable turns it on: Apple Pay answers 400 `wallet_not_enabled` (as it always has),
 * Google Pay 404 `google_pay_not_enabled` (docs/api.md "Errors").
 */
export function assertWalletEnabled(
  settings: WalletSettings,
  wallet: PayingWallet,
  param: string,
): void {
  if (wallet === 'APPLEPAY' || wallet === 'GOOGLEPAY') {
    const apple = wallet === 'APPLEPAY'
    if ((apple ? settings.applePay : settings.googlePay).enabled) return
    const message = `${apple ? 'Apple Pay' : 'Google Pay'} is not enabled on this signer. Add ${wallet} to EFTPAY_WALLETS, or offer another wallet.`
    if (apple) throw new ValidationError({ code: 'wallet_not_enabled', param, message })
    throw new NotFoundError({ code: 'google_pay_not_enabled', param, message })
  }
  if (settings.wallets.includes(wallet)) return
  throw new ValidationError({
    code: 'wallet_not_enabled',
    param,
    message: `${wallet} is not enabled on this signer. Use one of the wallets GET /v1/config lists.`,
  })
}
