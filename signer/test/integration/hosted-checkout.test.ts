import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, startTestSigner, type TestSigner, tempDir } from './harness.js'

/**
 * The hosted checkout over real HTTP (docs/api.md "Hosted checkout"): `hosted: true` answers a
 * `url` whose fragment carries the client secret, and the page it names is served with the
 * merchant's branding, the order, the widget pinned by SRI, and a strict policy.
 */

let signer: TestSigner
const tmp = tempDir()

beforeAll(async () => {
  signer = await startTestSigner({
    dbFile: `${tmp.dir}/hosted.db`,
    env: {
      MERCHANT_NAME: 'Lantern & Leaf',
      MERCHANT_LOGO_URL: 'https://cdn.shop.example/logo.png',
      MERCHANT_BRAND_COLOR: '#aa3300',
    },
  })
})
afterAll(async () => {
  await signer.close()
  tmp.remove()
})

async function hosted(): Promise<{ id: string; url: string; client_secret: string }> {
  return (await createSession(signer, { hosted: true, body: '2 x Iron Buddha' })) as never
}

describe('hosted checkout', () => {
  it('answers a url on the signer with the client secret only in the fragment', async () => {
    const session = await hosted()
    const url = new URL(session.url)
    expect(`${url.origin}${url.pathname}`).toBe(`${signer.url}/pay/${session.id}`)
    expect(url.search).toBe('')
    expect(url.hash).toBe(`#${session.client_secret}`)
  })

  it('leaves the answer without url when hosted is not asked for', async () => {
    expect(await createSession(signer)).not.toHaveProperty('url')
  })

  it('refuses a hosted that is not a boolean, naming the field', async () => {
    const res = await signer.api('/v1/sessions', {
      json: {
        amount: '1.00',
        currency: 'HKD',
        subject: 'x',
        success_url: 'http://127.0.0.1:5173/ok',
        cancel_url: 'http://127.0.0.1:5173/no',
        hosted: 'yes',
      },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('hosted')
  })

  it('serves the page with branding, the order, the widget by SRI and a strict policy', async () => {
    const session = await hosted()
    const res = await fetch(new URL(session.url).href.split('#')[0] as string, {
      headers: { 'accept-language': 'fr-FR, zh-TW;q=0.8, en;q=0.5' },
    })
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toContain('<html lang="zh-HK">')
    expect(page).toContain('Lantern &amp; Leaf')
    expect(page).toContain('src="https://cdn.shop.example/logo.png"')
    expect(page).toContain('2 x Iron Buddha')
    expect(page).toContain('HKD 128.00')
    expect(page).toMatch(
      /<script type="module" src="\/widget\/[0-9a-f]{16}\/eftpay-button.js" integrity="sha384-/,
    )
    expect(page).not.toContain(session.client_secret)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/)
    expect(csp).toContain("img-src 'self' data: https://cdn.shop.example")
    expect(csp).not.toContain('unsafe')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('follows ?lang= from the switcher over Accept-Language', async () => {
    const session = await hosted()
    const res = await fetch(`${signer.url}/pay/${session.id}?lang=zh-CN`, {
      headers: { 'accept-language': 'en' },
    })
    expect(await res.text()).toContain('<html lang="zh-CN">')
  })

  it('serves its stylesheet and script from its own origin', async () => {
    const session = await hosted()
    const page = await (await fetch(`${signer.url}/pay/${session.id}`)).text()
    for (const path of page.match(/\/pay\/assets\/[0-9a-f]{12}\/[a-z]+\.(css|js)/g) ?? []) {
      expect((await fetch(`${signer.url}${path}`)).status).toBe(200)
    }
    expect(page.match(/\/pay\/assets\//g)).toHaveLength(2)
  })

  it('answers 404 for an unknown session', async () => {
    expect((await fetch(`${signer.url}/pay/cs_0000000000000000`)).status).toBe(404)
  })
})
