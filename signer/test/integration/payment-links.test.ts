import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  choose,
  movableClock,
  type SessionJson,
  startPayment,
  startTestSigner,
  type TestSigner,
  tempDir,
} from './harness.js'

/**
 * Payment links over real HTTP, on the store the run selects (SQLite, or PostgreSQL in the
 * postgres step): the merchant API, the page that creates nothing, the explicit POST that creates
 * the session, the customer-chosen amount checked by the signer, deactivated and expired links,
 * and the payment limit under 50 concurrent shoppers (docs/api.md "Payment links").
 */

let signer: TestSigner
const time = movableClock()
const tmp = tempDir()

beforeAll(async () => {
  signer = await startTestSigner({ dbFile: `${tmp.dir}/links.db`, clock: time.clock })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

interface ApiError {
  error: { code: string; param: string }
}

interface LinkJson {
  id: string
  url: string
  active: boolean
  places_taken: number
}

async function createLink(body: Record<string, unknown>): Promise<LinkJson> {
  const res = await signer.api('/v1/links', { json: body })
  if (res.status !== 201) throw new Error(`create link: ${res.status} ${await res.text()}`)
  return (await res.json()) as LinkJson
}

const pay = (link: LinkJson, form: Record<string, string> = {}) =>
  fetch(link.url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual' })

/** The session a link's POST created, read with the API key, and its client secret. */
async function sessionOf(res: Response): Promise<SessionJson & { link_id: string }> {
  expect(res.status).toBe(303)
  const location = new URL(res.headers.get('location') ?? '')
  const id = location.pathname.split('/').at(-1) as string
  const session = (await (await signer.api(`/v1/sessions/${id}`)).json()) as SessionJson & {
    link_id: string
  }
  expect(location.hash).toBe(`#${session.client_secret}`)
  return session
}

describe('the merchant API', () => {
  it('creates, reads, lists and deactivates a link; it is never deleted', async () => {
    const link = await createLink({ amount: '50', subject: 'Workshop seat' })
    expect(link).toMatchObject({ active: true, amount: '50.00', places_taken: 0 })
    expect(link.url).toBe(`${signer.url}/l/${link.id}`)
    const list = (await (await signer.api('/v1/links')).json()) as { data: LinkJson[] }
    expect(list.data.map((l: LinkJson) => l.id)).toContain(link.id)
    const off = await signer.api(`/v1/links/${link.id}`, { json: { active: false } })
    expect(await off.json()).toMatchObject({ id: link.id, active: false })
    expect((await signer.api(`/v1/links/${link.id}`, { method: 'DELETE' })).status).toBe(404)
    expect(await (await signer.api(`/v1/links/${link.id}`)).json()).toMatchObject({ active: false })
  })

  it('refuses a link priced two ways, naming the field', async () => {
    const res = await signer.api('/v1/links', {
      json: { amount: '5.00', custom_amount: { minimum: '1', maximum: '9' }, subject: 'x' },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ApiError).error.param).toBe('custom_amount')
  })

  it('refuses a range whose maximum is below its minimum', async () => {
    const res = await signer.api('/v1/links', {
      json: { custom_amount: { minimum: '20', maximum: '10' }, subject: 'Tips' },
    })
    expect(((await res.json()) as ApiError).error.param).toBe('custom_amount.maximum')
  })

  it('refuses an unknown catalog item, naming the line', async () => {
    const res = await signer.api('/v1/links', { json: { line_items: [{ sku: 'no-such' }] } })
    expect(((await res.json()) as ApiError).error).toMatchObject({
      code: 'unknown_sku',
      param: 'line_items.0.sku',
    })
  })

  it('needs the API key', async () => {
    expect((await signer.api('/v1/links', { key: false })).status).toBe(401)
  })
})

describe('the page', () => {
  it('opening it creates nothing; paying creates a session carrying the link id', async () => {
    const link = await createLink({ amount: '12.00', subject: 'Lunch set' })
    for (let i = 0; i < 3; i++) expect((await fetch(link.url)).status).toBe(200)
    expect(
      ((await (await signer.api(`/v1/links/${link.id}`)).json()) as LinkJson).places_taken,
    ).toBe(0)
    const session = await sessionOf(await pay(link))
    expect(session).toMatchObject({ amount: '12.00', subject: 'Lunch set', link_id: link.id })
    expect(
      ((await (await signer.api(`/v1/links/${link.id}`)).json()) as LinkJson).places_taken,
    ).toBe(1)
  })

  it('prices catalog items at the quantity the shopper chose, within the limits', async () => {
    const link = await createLink({
      line_items: [
        { sku: 'milk-tea', quantity: 1, adjustable_quantity: { minimum: 1, maximum: 3 } },
      ],
    })
    const tooMany = await pay(link, { quantity_0: '4' })
    expect(tooMany.status).toBe(400)
    expect(await tooMany.text()).toContain('Quantity: choose between 1 and 3.')
    const session = await sessionOf(await pay(link, { quantity_0: '2' }))
    expect(session.amount).toBe('64.00') // 2 x 32.00 (signer/examples/catalog.json)
  })

  it('takes a customer-chosen amount only inside the range, the refusal naming the field', async () => {
    const link = await createLink({
      custom_amount: { minimum: '10', maximum: '500' },
      subject: 'Tip jar',
    })
    for (const amount of ['9.99', '500.01', 'ten', '10.001']) {
      const res = await pay(link, { amount })
      expect(res.status, amount).toBe(400)
      expect(await res.text()).toMatch(/<p class="error" role="alert" id="choice-error">Amount: /)
    }
    expect((await sessionOf(await pay(link, { amount: '10' }))).amount).toBe('10.00')
    expect((await sessionOf(await pay(link, { amount: '500.00' }))).amount).toBe('500.00')
  })

  it('a deactivated link shows a clear page in the shopper language and takes no payment', async () => {
    const link = await createLink({ amount: '8.00', subject: 'Gone' })
    await signer.api(`/v1/links/${link.id}`, { json: { active: false } })
    const page = await fetch(link.url, { headers: { 'accept-language': 'zh-HK' } })
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('此付款連結已停用。')
    expect((await pay(link)).status).toBe(410)
  })

  it('an expired link shows so', async () => {
    const link = await createLink({
      amount: '8.00',
      subject: 'Early bird',
      expires_at: new Date(time.clock().getTime() + 60_000).toISOString(),
    })
    expect((await fetch(link.url)).status).toBe(200)
    time.advance(61_000)
    const page = await fetch(link.url, { headers: { 'accept-language': 'zh-CN' } })
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('此付款链接已过期。')
    expect((await pay(link)).status).toBe(410)
  })

  it('after paying, the message page says thank you with the merchant message', async () => {
    const link = await createLink({
      amount: '3.00',
      subject: 'Coffee',
      after_payment: { type: 'message', message: 'See you soon' },
    })
    const session = await sessionOf(await pay(link))
    const { payment } = await startPayment(signer, session, 'ALIPAYHK')
    const result = await choose(payment.next_action?.url as string, 'success')
    expect(result.status).toBeLessThan(500)
    await expect
      .poll(
        async () =>
          ((await (await signer.api(`/v1/sessions/${session.id}`)).json()) as SessionJson).status,
      )
      .toBe('paid')
    const done = await fetch(`${signer.url}/l/${link.id}/done?session_id=${session.id}`)
    const text = await done.text()
    expect(text).toContain('Thank you: your payment was received.')
    expect(text).toContain('See you soon')
  })
})

describe('the payment limit', () => {
  it('50 shoppers at once on the last place: one session, 49 told it is sold out', async () => {
    const link = await createLink({ amount: '20.00', subject: 'Last seat', max_payments: 2 })
    await sessionOf(await pay(link)) // one place taken already
    const answers = await Promise.all(Array.from({ length: 50 }, () => pay(link)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 303)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(49)
    expect(await answers.find((r) => r.status === 409)?.text()).toContain('Sold out')
    expect(
      ((await (await signer.api(`/v1/links/${link.id}`)).json()) as LinkJson).places_taken,
    ).toBe(2)
  })

  it('a place comes back when its session ends expired with nothing pending', async () => {
    const link = await createLink({ amount: '20.00', subject: 'One seat', max_payments: 1 })
    await sessionOf(await pay(link))
    expect((await fetch(link.url)).status).toBe(409)
    time.advance(31 * 60_000) // past the session lifetime (default 30 minutes)
    expect((await fetch(link.url)).status).toBe(200)
    await sessionOf(await pay(link))
  })

  it('a started payment still pending holds its place past the session lifetime', async () => {
    const link = await createLink({ amount: '20.00', subject: 'Held seat', max_payments: 1 })
    const session = await sessionOf(await pay(link))
    await startPayment(signer, session, 'ALIPAYHK')
    time.advance(31 * 60_000)
    expect((await fetch(link.url)).status).toBe(409)
  })
})
