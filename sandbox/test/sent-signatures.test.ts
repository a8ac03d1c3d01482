import { describe, expect, it } from 'vitest'
import { signedWith, useHarness } from './harness.js'

/**
 * What the sandbox sends (replies, notifications, the browser return) is signed one way by default
 * (empty values dropped, lowercase hex); faults and the `signVariant` option switch each to the other
 * readings a verifier must survive (sandbox/README.md, "Signing of what the sandbox sends").
 */

const use = useHarness()

/** The signed return payload the result page's refresh carries to return_url. */
async function returned(res: Response): Promise<Record<string, string>> {
  const page = await res.text()
  const refresh = /http-equiv="refresh" content="\d+;url=([^"]+)"/.exec(page)?.[1]
  if (!refresh) throw new Error(`no refresh in the result page:\n${page}`)
  const url = new URL(refresh.replaceAll('&amp;', '&'))
  return Object.fromEntries(url.searchParams)
}

describe('notification faults', () => {
  it('sign_variant empty-kept signs the next notification with k= kept, then back to the default', async () => {
    const h = await use.sandbox()
    const r = await use.receiver()
    await h.admin('/faults', { notify: { sign_variant: 'empty-kept', count: 1 } })
    for (let i = 0; i < 2; i++) {
      const order = await h.preOrder({ notify_url: r.url })
      await h.pay(order.eft_trade_no ?? '', 'fail')
    }
    const [first, second] = await r.waitFor(2)
    // A failed trade carries empty values (trade_no, gmt_payment), so the readings differ.
    expect(first?.trade_no).toBe('')
    expect(signedWith(first ?? {}, 'empty-kept')).toBe(true)
    expect(signedWith(first ?? {}, 'empty-dropped')).toBe(false)
    expect(signedWith(second ?? {}, 'empty-dropped')).toBe(true)
  })

  it('sign_variant uppercase-hex and wrong_signature', async () => {
    const h = await use.sandbox({ notifyRetryScheduleMs: [0] })
    const r = await use.receiver()
    await h.admin('/faults', { notify: { sign_variant: 'uppercase-hex', count: 1 } })
    const a = await h.preOrder({ notify_url: r.url })
    await h.pay(a.eft_trade_no ?? '', 'success')
    const [upper] = await r.waitFor(1)
    expect(upper?.sign).toMatch(/^[0-9A-F]{64}$/)
    expect(signedWith({ ...upper, sign: upper?.sign?.toLowerCase() ?? '' }, 'empty-dropped')).toBe(
      true,
    )
    await h.admin('/faults', { notify: { wrong_signature: true, count: 1 } })
    const b = await h.preOrder({ notify_url: r.url })
    await h.pay(b.eft_trade_no ?? '', 'success')
    const [, wrong] = await r.waitFor(2)
    expect(wrong?.sign).toMatch(/^[0-9a-f]{64}$/)
    expect(signedWith(wrong ?? {}, 'empty-dropped')).toBe(false)
    expect(signedWith(wrong ?? {}, 'empty-kept')).toBe(false)
  })
})

describe('return faults (the shopper sent back to return_url)', () => {
  const returnUrl = 'https://shop.example/return'

  it('signs the return like a notification by default', async () => {
    const h = await use.sandbox()
    const order = await h.preOrder({ return_url: returnUrl })
    const fields = await returned(await h.pay(order.eft_trade_no ?? '', 'fail'))
    expect(fields.return_status).toBe('00')
    expect(signedWith(fields, 'empty-dropped')).toBe(true)
  })

  it('sign_variant empty-kept, uppercase-hex and wrong_signature, each for its count', async () => {
    const h = await use.sandbox()
    const next = async () => {
      const order = await h.preOrder({ return_url: returnUrl })
      return returned(await h.pay(order.eft_trade_no ?? '', 'fail'))
    }
    await h.admin('/faults', { return: { sign_variant: 'empty-kept', count: 1 } })
    const kept = await next()
    expect(signedWith(kept, 'empty-kept')).toBe(true)
    expect(signedWith(kept, 'empty-dropped')).toBe(false)
    expect(signedWith(await next(), 'empty-dropped')).toBe(true)

    await h.admin('/faults', { return: { sign_variant: 'uppercase-hex', count: 1 } })
    expect((await next()).sign).toMatch(/^[0-9A-F]{64}$/)

    await h.admin('/faults', { return: { wrong_signature: true, count: 1 } })
    const wrong = await next()
    expect(signedWith(wrong, 'empty-dropped') || signedWith(wrong, 'empty-kept')).toBe(false)
    const snapshot = (await (await fetch(`${h.url}/faults`)).json()) as { return: unknown }
    expect(snapshot.return).toBeNull()
  })

  it('the GET return (303) carries the same fault', async () => {
    const h = await use.sandbox({ returnMethod: 'GET' })
    await h.admin('/faults', { return: { sign_variant: 'empty-kept' } })
    const order = await h.preOrder({ return_url: returnUrl })
    const res = await h.pay(order.eft_trade_no ?? '', 'fail')
    expect(res.status).toBe(303)
    const fields = Object.fromEntries(new URL(res.headers.get('location') ?? '').searchParams)
    expect(signedWith(fields, 'empty-kept')).toBe(true)
  })
})

describe('reply faults', () => {
  it('sign_variant uppercase-hex answers in uppercase hex', async () => {
    const h = await use.sandbox()
    await h.admin('/faults', { sign_variant: 'uppercase-hex', count: 1 })
    expect((await h.preOrder()).sign).toMatch(/^[0-9A-F]{64}$/)
    expect((await h.preOrder()).sign).toMatch(/^[0-9a-f]{64}$/)
  })
})
