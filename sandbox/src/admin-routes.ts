import type { Hono } from 'hono'
import { centsToAmount } from './amounts.js'
import { type FaultBook, faultInput } from './faults.js'
import type { DeliveryAttempt } from './notifier.js'
import type { OrderStore, SandboxOrder } from './orders.js'

/**
 * The sandbox's own endpoints, not part of eftPay's protocol: fault injection, the order as JSON,
 * and resending a notification (sandbox/README.md).
 */

export interface AdminDeps {
  faults: FaultBook
  store: OrderStore
  deliveries: Map<string, DeliveryAttempt[]>
  publicUrl: string
  /** Starts a notification of the order's current state; false when it has none to send. */
  notify: (order: SandboxOrder) => boolean
}

/** The sandbox's JSON endpoints answer errors in the signer's shape (docs/api.md "Errors"). */
const NOT_FOUND = {
  error: {
    type: 'not_found_error',
    code: 'order_not_found',
    message: 'No such sandbox order. Check the eft_trade_no.',
    retryable: false,
  },
}

export function mountAdminRoutes(app: Hono, deps: AdminDeps): void {
  const { faults, store, deliveries, publicUrl, notify } = deps
  app.post('/faults', async (c) => {
    const body = await c.req.json().catch(() => undefined)
    const parsed = faultInput.safeParse(body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = issue?.path.join('.') || undefined
      const message = `${field ?? 'body'}: ${issue?.message ?? 'invalid'}. See the sandbox README, "Faults".`
      return c.json(
        {
          error: {
            type: 'invalid_request_error',
            code: 'invalid_field',
            message,
            ...(field ? { param: field } : {}),
            retryable: false,
          },
        },
        400,
      )
    }
    faults.add(parsed.data)
    return c.json(faults.snapshot())
  })
  app.get('/faults', (c) => c.json(faults.snapshot()))
  app.delete('/faults', (c) => {
    faults.reset()
    return c.json(faults.snapshot())
  })

  app.get('/orders/:eft_trade_no', (c) => {
    const order = store.get(c.req.param('eft_trade_no'))
    if (!order) return c.json(NOT_FOUND, 404)
    return c.json(orderJson(order))
  })

  app.post('/notify/:eft_trade_no/resend', (c) => {
    const order = store.get(c.req.param('eft_trade_no'))
    if (!order) return c.json(NOT_FOUND, 404)
    if (!notify(order)) {
      const message =
        'This order has no notify_url, or its wallet sends no notification (OCT): query it instead.'
      return c.json(
        { error: { type: 'conflict_error', code: 'no_notification', message, retryable: false } },
        409,
      )
    }
    return c.json(
      { resent: true, eft_trade_no: order.eftTradeNo, trade_status: store.status(order) },
      202,
    )
  })

  /** The order as JSON for tests and the demo (not part of eftPay's protocol). */
  function orderJson(order: SandboxOrder) {
    return {
      eft_trade_no: order.eftTradeNo,
      out_trade_no: order.outTradeNo,
      service: order.service,
      wallet: order.wallet,
      pay_type: order.payType,
      pay_scene: order.payScene,
      amount: centsToAmount(order.amountCents),
      currency: order.currency,
      subject: order.subject,
      trade_status: store.status(order),
      notify_url: order.notifyUrl ?? null,
      return_url: order.returnUrl ?? null,
      payme_rule: order.payme ?? null,
      created_at: order.createdAt.toISOString(),
      expires_at: order.expiresAt.toISOString(),
      settled_at: order.settledAt?.toISOString() ?? null,
      pay_url: `${publicUrl}/pay/${order.eftTradeNo}`,
      refunds: order.refunds.map((r) => ({
        out_refund_no: r.outRefundNo,
        amount: centsToAmount(r.amountCents),
        trade_status: store.refundStatus(order, r),
        created_at: r.createdAt.toISOString(),
      })),
      amount_refunded: centsToAmount(store.refundedCents(order)),
      notifications: deliveries.get(order.eftTradeNo) ?? [],
    }
  }
}
