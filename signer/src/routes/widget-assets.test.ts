import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadWidgetAssets, widgetAssetRoutes, widgetSnippet } from './widget-assets.js'

function fakeBuild(version = '9.9.9') {
  const dir = mkdtempSync(join(tmpdir(), 'widget-assets-'))
  const dist = join(dir, 'dist')
  mkdirSync(dist)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@eftpay/button', version }))
  writeFileSync(join(dist, 'eftpay-button.js'), 'export const entry = 1\n')
  writeFileSync(join(dist, 'eftpay-button.qr.js'), 'export const qr = 1\n')
  writeFileSync(join(dist, 'other.js'), 'not served\n')
  return dist
}

describe('widget files served by the signer', () => {
  const assets = loadWidgetAssets([join(tmpdir(), 'no-such-dir'), fakeBuild()])
  const app = widgetAssetRoutes(assets ?? null)

  it('serves the entry and its chunks as cross-origin module scripts', async () => {
    for (const path of ['/eftpay-button.js', '/eftpay-button.qr.js']) {
      const res = await app.request(path, { headers: { Origin: 'https://shop.example' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
      expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    }
  })

  it('serves the versioned path immutable, and only for its own version', async () => {
    const res = await app.request('/9.9.9/eftpay-button.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
    expect(await res.text()).toBe('export const entry = 1\n')
    expect((await app.request('/1.0.0/eftpay-button.js')).status).toBe(404)
    expect((await app.request('/other.js')).status).toBe(404)
  })

  it('prints the script tag with the SRI hash of the entry and the CSP sources', () => {
    if (!assets) throw new Error('fixture not found')
    const { scriptTag, csp } = widgetSnippet('https://pay.example.com', assets)
    expect(scriptTag).toBe(
      '<script type="module" src="https://pay.example.com/widget/9.9.9/eftpay-button.js" integrity="sha384-m1oq/Zy9GmtDMIu8lIGh8LeHakiE5Bnod0towmwPYAlv5Cil0nfj3Tylxo6i0lZ5" crossorigin="anonymous"></script>',
    )
    expect(csp).toBe('script-src https://pay.example.com; connect-src https://pay.example.com')
    expect(widgetSnippet('https://pay.example.com', assets, true).csp).toBe(
      'script-src https://pay.example.com; connect-src https://pay.example.com https://google.com/pay',
    )
  })

  it('answers 404 with a clear message when no build exists', async () => {
    const res = await widgetAssetRoutes(null).request('/eftpay-button.js')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'build widget/',
    )
  })
})
