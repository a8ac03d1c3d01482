import { describe, expect, it } from 'vitest'
import { useHarness } from './harness.js'

/**
 * The sandbox's own routes change what it does (faults, variants, resends), so a web page on
 * another site must not reach them: every POST must be `application/json` (a cross-site page cannot
 * send that without a preflight the sandbox never grants) and any Origin must be the sandbox's own
 * or a loopback one. Clients that send no Origin (curl, tests, Node) are not browsers' cross-site
 * requests and are let through (sandbox/README.md, "Endpoints").
 */

const use = useHarness()
const FAULT = JSON.stringify({ http_status: 503 })

describe('the admin routes refuse cross-site requests', () => {
  it('refuses a text/plain POST /faults (a form or no-cors fetch from any site) and installs nothing', async () => {
    const h = await use.sandbox()
    const res = await fetch(`${h.url}/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: FAULT,
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } })
    expect(await (await fetch(`${h.url}/faults`)).json()).toMatchObject({ gateway: [] })
    expect((await h.preOrder()).return_status).toBe('00')
  })

  it('refuses a form-encoded POST and one with no content type', async () => {
    const h = await use.sandbox()
    for (const headers of [{ 'content-type': 'application/x-www-form-urlencoded' }, {}] as Array<
      Record<string, string>
    >) {
      const res = await fetch(`${h.url}/faults`, { method: 'POST', headers, body: FAULT })
      expect(res.status, JSON.stringify(headers)).toBe(415)
    }
  })

  it('refuses a JSON POST from another site, naming the origin', async () => {
    const h = await use.sandbox()
    const res = await h.admin(
      '/faults',
      { http_status: 503 },
      {
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      },
    )
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
    expect((await h.preOrder()).return_status).toBe('00')
  })

  it('refuses DELETE /faults, POST /variants and a resend from another site', async () => {
    const h = await use.sandbox()
    const evil = { origin: 'https://evil.example', 'content-type': 'application/json' }
    const order = await h.preOrder()
    for (const [path, method] of [
      ['/faults', 'DELETE'],
      ['/variants', 'POST'],
      ['/variants', 'DELETE'],
      [`/notify/${order.eft_trade_no}/resend`, 'POST'],
    ] as const) {
      const res = await fetch(`${h.url}${path}`, {
        method,
        headers: evil,
        body: method === 'POST' ? '{}' : undefined,
      })
      expect(res.status, `${method} ${path}`).toBe(403)
    }
    const null_origin = await h.admin(
      '/faults',
      { http_status: 503 },
      {
        headers: { 'content-type': 'application/json', origin: 'null' },
      },
    )
    expect(null_origin.status).toBe(403)
  })

  it('takes JSON from its own origin, from a loopback origin and from clients that send none', async () => {
    const h = await use.sandbox()
    const own = new URL(h.url).origin
    for (const origin of [own, 'http://localhost:5173', 'http://127.0.0.1:3000', undefined]) {
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        ...(origin ? { origin } : {}),
      }
      const res = await fetch(`${h.url}/faults`, {
        method: 'POST',
        headers,
        body: '{"latency_ms":1}',
      })
      expect(res.status, String(origin)).toBe(200)
    }
    const cleared = await fetch(`${h.url}/faults`, { method: 'DELETE', headers: { origin: own } })
    expect(cleared.status).toBe(200)
  })

  it('serves the pay page and the read-only views to anyone', async () => {
    const h = await use.sandbox()
    const order = await h.preOrder()
    const cross = { headers: { origin: 'https://evil.example' } }
    expect((await fetch(`${h.url}/pay/${order.eft_trade_no}`, cross)).status).toBe(200)
    expect((await fetch(`${h.url}/faults`, cross)).status).toBe(200)
    expect((await fetch(`${h.url}/orders/${order.eft_trade_no}`, cross)).status).toBe(200)
  })
})
