import { createHmac } from 'node:crypto'
import { expect, test } from '@playwright/test'
import { demoUrl, webhookSecret } from '../support/env.js'
import { getSession } from '../support/signer-api.js'

/**
 * The demo's small merchant backend, as any merchant's should behave: it prices the cart itself
 * (an amount from the browser is ignored), refuses a bad cart with a message, and acts only on
 * webhooks whose signature verifies with the signer's own `verifyWebhook`.
 */

test('checkout prices the cart on the server and ignores an amount sent by the browser', async ({
  request,
}) => {
  const res = await request.post(`${demoUrl()}/api/checkout`, {
    data: {
      lines: [
        { sku: 'pineapple-bun', quantity: 3 },
        { sku: 'milk-tea', quantity: 1 },
      ],
      amount: '0.01',
    },
  })
  expect(res.status()).toBe(201)
  const body = (await res.json()) as { session_id: string; client_secret: string; amount: string }
  expect(body.amount).toBe('86.00') // 3 x 18.00 + 32.00
  expect(body.client_secret).toMatch(new RegExp(`^${body.session_id}_secret_`))
  expect((await getSession(body.session_id)).amount).toBe('86.00')
})

test('checkout refuses an unknown dish or a bad quantity, naming the line', async ({ request }) => {
  const unknown = await request.post(`${demoUrl()}/api/checkout`, {
    data: { lines: [{ sku: 'caviar', quantity: 1 }] },
  })
  expect(unknown.status()).toBe(400)
  expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain(
    'lines[0].sku',
  )
  const fraction = await request.post(`${demoUrl()}/api/checkout`, {
    data: { lines: [{ sku: 'egg-tart', quantity: 1.5 }] },
  })
  expect(fraction.status()).toBe(400)
  const empty = await request.post(`${demoUrl()}/api/checkout`, { data: { lines: [] } })
  expect(empty.status()).toBe(400)
})

test('webhooks: a forged signature is refused, a signed event is recorded once', async ({
  request,
}) => {
  const event = {
    id: `ev_e2e_${Date.now()}`,
    type: 'payment.failed',
    created_at: new Date().toISOString(),
    data: {},
  }
  const raw = JSON.stringify(event)
  const forged = await request.post(`${demoUrl()}/webhooks/eftpay`, {
    headers: {
      'content-type': 'application/json',
      'eftpay-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
    },
    data: raw,
  })
  expect(forged.status()).toBe(400)

  const t = Math.floor(Date.now() / 1000)
  const v1 = createHmac('sha256', webhookSecret()).update(`${t}.${raw}`).digest('hex')
  for (let i = 0; i < 2; i++) {
    const ok = await request.post(`${demoUrl()}/webhooks/eftpay`, {
      headers: { 'content-type': 'application/json', 'eftpay-signature': `t=${t},v1=${v1}` },
      data: raw,
    })
    expect(ok.status()).toBe(200)
  }
  const orders = (await (await request.get(`${demoUrl()}/api/orders`)).json()) as {
    events: { id: string }[]
  }
  expect(orders.events.filter((e) => e.id === event.id)).toHaveLength(1)
})
