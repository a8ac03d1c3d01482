import type { Context, Hono } from 'hono'
import type { z } from 'zod'
import { guardAdminRoutes } from './admin-guard.js'
import { centsToAmount } from './amounts.js'
import { type FaultBook, faultInput } from './faults.js'
import type { DeliveryAttempt } from './notifier.js'
import type { OrderStore, SandboxOrder } from './orders.js'
import { type VariantBook, variantsInput } from './variants.js'

/**
 * The sandbox's own endpoints, not part of eftPay's protocol: fault injection, protocol variants,
 * the order as JSON, and resending a notification (sandbox/README.md). Those that change anything
 * refuse cross-site requests (admin-guard.ts).
 */

export interface AdminDeps {
  faults: FaultBook
  variants: VariantBook
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

/** A 400 naming the first wrong field of an admin body. */
function invalidBody(c: Context, error: z.ZodError, section: string) {
  const issue = error.issues[0]
  const field = issue?.path.join('.') || undefined
  const message = `${field ?? 'body'}: ${issue?.message ?? 'invalid'}. See the sandbox README, "${section}".`
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

export function mountAdminRoutes(app: Hono, deps: AdminDeps): void {
  const { faults, variants, store, deliveries, publicUrl, notify } = deps
  for (const path of ['/faults', '/variants', '/notify/*'])
    app.use(path, guardAdminRoutes(new URL(publicUrl).origin))

  app.post('/faults', async (c) => {
    const parsed = faultInput.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) return invalidBody(c, parsed.error, 'Faults')
    faults.add(parsed.data)
    return c.json(faults.snapshot())
  })
  app.get('/faults', (c) => c.json(faults.snapshot()))
  app.delete('/faults', (c) => {
    faults.reset()
    return c.json(faults.snapshot())
  })

  app.get('/variants', (c) => c.json(variants.get()))
  app.post('/variants', async (c) => {
    const parsed = variantsInput.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) return invalidBody(c, parsed.error, 'Variants')
    return c.json(variants.set(parsed.data))
  })
  app.delete('/variants', (c) => c.json(variants.reset()))

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
      qr_code: order.qrCode ?? null,
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
