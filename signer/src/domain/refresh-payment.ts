import { NotFoundError } from '../errors.js'
import { findPayment } from '../store/payments.js'
import type { Core } from './context.js'
import { queryPayment } from './query-payment.js'
import type { PaymentRecord } from './types.js'

/** `PaymentsService.refreshPayment`: asks eftPay about a payment now unless nothing can change. */
export async function refreshPayment(core: Core, paymentId: string): Promise<PaymentRecord> {
  const payment = await findPayment(core.db, paymentId)
  if (!payment)
    throw new NotFoundError({
      code: 'payment_not_found',
      param: 'payment_id',
      message: `No payment ${paymentId}.`,
    })
  if (payment.status === 'succeeded' || payment.dispatch === 'sending') return payment
  return (await queryPayment(core, payment)).payment
}
