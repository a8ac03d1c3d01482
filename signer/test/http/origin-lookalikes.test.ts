import { describe, expect, it } from 'vitest'
import { originAllowed } from '../../src/middleware/cors.js'
import { json, SHOP, testApp } from './helpers.js'

/**
 * An entry of ALLOWED_ORIGINS is one exact origin (docs/api.md "Browser endpoints"): a host that
 * merely starts with it is someone else's site. The same check guards the browser endpoints (the
 * Origin header) and where a browser-made session sends the shopper back (success_url,
 * cancel_url: no open redirect). A prefix or "contains" comparison would let each lookalike in.
 */
const LOOKALIKES = [
  `${SHOP}.evil.com`, // https://shop.example.evil.com
  `${SHOP}x`,
  `${SHOP}:8443`,
  SHOP.replace('https:', 'http:'),
]

describe('an origin that only looks like an allowed one', () => {
  it('is not on the list, though an allowed entry is its prefix', () => {
    for (const origin of LOOKALIKES)
      expect(originAllowed([SHOP], origin), `${origin} accepted for ${SHOP}`).toBe(false)
    expect(originAllowed([SHOP], SHOP)).toBe(true)
  })

  it('is refused on the browser endpoints with origin_not_allowed', async () => {
    const { app } = testApp()
    for (const endpoint of [
      () => app.request('/v1/config', { headers: { origin: `${SHOP}.evil.com` } }),
      () => app.request('/v1/sessions', json({ sku: 'milk-tea' }, { origin: `${SHOP}.evil.com` })),
    ]) {
      const res = await endpoint()
      expect(res.status).toBe(403)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'origin_not_allowed',
      )
    }
    const ok = await app.request('/v1/sessions', json({ sku: 'milk-tea' }, { origin: SHOP }))
    expect(ok.status).toBe(201)
  })

  it('is refused as success_url or cancel_url of a session made from an allowed page', async () => {
    const { app } = testApp()
    for (const param of ['success_url', 'cancel_url'] as const) {
      for (const origin of LOOKALIKES.slice(0, 3)) {
        const res = await app.request(
          '/v1/sessions',
          json({ sku: 'milk-tea', [param]: `${origin}/thanks` }, { origin: SHOP }),
        )
        expect(res.status, `${param} ${origin}`).toBe(400)
        const { error } = (await res.json()) as { error: { code: string; param: string } }
        expect(error).toMatchObject({ code: 'invalid_field', param })
      }
    }
    // The allowed origin's own page is accepted, so the refusals above are about the origin.
    const ok = await app.request(
      '/v1/sessions',
      json({ sku: 'milk-tea', success_url: `${SHOP}/thanks` }, { origin: SHOP }),
    )
    expect(ok.status).toBe(201)
  })
})
