import type { SessionRecord } from '../domain/types.js'
import { ConflictError, NotFoundError, ValidationError } from '../errors.js'

/** What the Apple Pay and Google Pay routes share (docs/api.md "Browser endpoints"). */

/**
 * A disabled token wallet says which variable turns it on. Apple Pay answers 400
 * `wallet_not_enabled` (as it always has); Google Pay 404 `google_pay_not_enabled` (docs/api.md).
 */
export function assertWalletEnabled(
  enabled: boolean,
  wallet: { code: 'APPLEPAY' | 'GOOGLEPAY'; name: string },
  param: string,
): void {
  if (enabled) return
  const message = `${wallet.name} is not enabled on this signer. Add ${wallet.code} to EFTPAY_WALLETS, or offer another wallet.`
  if (wallet.code === 'GOOGLEPAY')
    throw new NotFoundError({ code: 'google_pay_not_enabled', param, message })
  throw new ValidationError({ code: 'wallet_not_enabled', param, message })
}

/** A token is only taken for an open session: the sheet cannot pay a paid or expired one. */
export function assertSessionOpen(session: SessionRecord): void {
  if (session.status === 'open') return
  throw new ConflictError({
    code: session.status === 'expired' ? 'session_not_open' : 'session_paid',
    message: `This session is ${session.status}; it cannot be paid again.`,
  })
}
