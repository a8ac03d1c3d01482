import { PermissionError } from '../errors.js'
import { spendVerification } from '../store/console.js'
import type { ConsoleContext } from './context.js'
import { requireRefundWithinLimit } from './roles.js'
import type { OpenSession } from './sessions.js'

/**
 * What every console refund passes before it reaches the money core (domain/refunds.ts through the
 * PaymentsService): the role and the staff refund limit (decimal strings, money.ts), then a fresh
 * user-verified passkey check made in this session within `FRESH_CHECK_MS`. The check is spent by
 * the refund, so each refund needs its own (POST /console/api/verify/options and /verify/verify).
 * The sandbox's demo owner has no passkey and is let through; it exists in sandbox mode only.
 */

export const FRESH_CHECK_MS = 2 * 60_000

export async function authoriseRefund(
  ctx: ConsoleContext,
  session: OpenSession,
  amount: string,
): Promise<void> {
  requireRefundWithinLimit(session.user, amount)
  if (session.user.demo && ctx.config.mode === 'sandbox') return
  const fresh = await spendVerification(ctx.db, session.row.id_hash, ctx.now() - FRESH_CHECK_MS)
  if (!fresh)
    throw new PermissionError({
      code: 'passkey_check_required',
      message:
        'A refund needs a fresh passkey check. Confirm with your passkey, then send the refund again.',
    })
}
