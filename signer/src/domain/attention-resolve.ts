import { randomBytes } from 'node:crypto'
import { ConflictError, NotFoundError } from '../errors.js'
import {
  type AttentionResolution,
  clearPaymentFlag,
  clearRefundFlag,
  insertResolution,
} from '../store/attention-resolutions.js'
import { findPayment } from '../store/payments.js'
import { findRefund } from '../store/refunds.js'
import type { Core } from './context.js'
import { emit } from './events.js'
import type { PaymentRecord, RefundRecord } from './types.js'

/**
 * `POST /v1/attention/resolve` (docs/api.md): a person checked a flagged payment or refund with
 * eftPay and says so. The flag is cleared and never raised again for it; who, why and when are
 * recorded, and a `payment.attention_resolved` / `refund.attention_resolved` event is written in
 * the same transaction, as flagging writes one. Its status is never changed: money moves only on
 * eftPay's final answer, which the reconciler keeps asking for.
 */

export interface ResolveInput {
  object: 'payment' | 'refund'
  id: string
  note: string
  resolvedBy: string
}

export interface Resolved {
  resolution: AttentionResolution
  payment?: PaymentRecord
  refund?: RefundRecord
}

export async function resolveAttention(core: Core, input: ResolveInput): Promise<Resolved> {
  const now = core.clock()
  const resolved = await core.db.transaction(async (tx) => {
    const cleared =
      input.object === 'payment'
        ? await clearPaymentFlag(tx, input.id, now)
        : await clearRefundFlag(tx, input.id, now)
    if (!cleared) return undefined
    const record = 'payment' in cleared ? cleared.payment : cleared.refund
    const resolution: AttentionResolution = {
      id: `ar_${randomBytes(10).toString('hex')}`,
      object: input.object,
      objectId: input.id,
      sessionId: record.sessionId,
      note: input.note,
      resolvedBy: input.resolvedBy,
      flaggedAt: cleared.flaggedAt,
      resolvedAt: now,
    }
    await insertResolution(tx, resolution)
    if ('payment' in cleared) {
      await emit(core, tx, 'payment.attention_resolved', {
        sessionId: record.sessionId,
        payment: cleared.payment,
      })
      return { resolution, payment: cleared.payment }
    }
    await emit(core, tx, 'refund.attention_resolved', {
      sessionId: record.sessionId,
      refund: cleared.refund,
    })
    return { resolution, refund: cleared.refund }
  })
  if (resolved) return resolved
  const exists =
    input.object === 'payment'
      ? await findPayment(core.db, input.id)
      : await findRefund(core.db, input.id)
  if (!exists)
    throw new NotFoundError({
      code: `${input.object}_not_found`,
      param: 'id',
      message: `There is no ${input.object} ${input.id.slice(0, 80)}. Take the id from GET /v1/attention.`,
    })
  throw new ConflictError({
    code: 'attention_not_flagged',
    param: 'id',
    message: `This ${input.object} is not flagged as needing attention (it was resolved already, or it has a final status). Nothing was changed.`,
  })
}
