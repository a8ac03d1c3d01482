import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../observability/logger.js'
import {
  announceWidget,
  loadWidgetAssets,
  widgetAssetRoutes,
  widgetSnippet,
} from './widget-assets.js'

function fakeBuild(version = '9.9.9', qr = 'export const qr = 1\n') {
  const dir = mkdtempSync(join(tmpdir(), 'widget-assets-'))
  const dist = join(dir, 'dist')
  mkdirSync(dist)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: '@eftpay/button', version }))
  writeFileSync(join(dist, 'eftpay-button.js'), 'export const entry = 1\n')
  writeFileSync(join(dist, 'eftpay-button.qr.js'), qr)
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

  it('serves the path named by the content immutable, and only for that content', async () => {
    const hash = assets?.contentHash ?? ''
    expect(hash).toMatch(/^[0-9a-f]{16}$/)
    for (const name of ['eftpay-button.js', 'eftpay-button.qr.js']) {
      const res = await app.request(`/${hash}/${name}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
    }
    expect(await (await app.request(`/${hash}/eftpay-button.js`)).text()).toBe(
      'export const entry = 1\n',
    )
    expect((await app.request('/0123456789abcdef/eftpay-button.js')).status).toBe(404)
    expect((await app.request('/other.js')).status).toBe(404)
  })

  it('keeps answering at the version path, but never as immutable', async () => {
    const res = await app.request('/9.9.9/eftpay-button.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(await res.text()).toBe('export const entry = 1\n')
    expect((await app.request('/1.0.0/eftpay-button.js')).status).toBe(404)
  })

  it('names a rebuild under the same version by its new content', async () => {
    const rebuilt = loadWidgetAssets([fakeBuild('9.9.9', 'export const qr = 2\n')])
    if (!assets || !rebuilt) throw new Error('fixture not found')
    expect(rebuilt.version).toBe(assets.version)
    expect(rebuilt.contentHash).not.toBe(assets.contentHash)
    const rebuiltApp = widgetAssetRoutes(rebuilt)
    expect((await rebuiltApp.request(`/${assets.contentHash}/eftpay-button.qr.js`)).status).toBe(
      404,
    )
    const res = await rebuiltApp.request(`/${rebuilt.contentHash}/eftpay-button.qr.js`)
    expect(await res.text()).toBe('export const qr = 2\n')
  })

  it('prints the script tag with the content path, the SRI hash of the entry and the CSP sources', () => {
    if (!assets) throw new Error('fixture not found')
    const { scriptTag, csp } = widgetSnippet('https://pay.example.com', assets)
    expect(scriptTag).toBe(
      `<script type="module" src="https://pay.example.com/widget/${assets.contentHash}/eftpay-button.js" integrity="sha384-m1oq/Zy9GmtDMIu8lIGh8LeHakiE5Bnod0towmwPYAlv5Cil0nfj3Tylxo6i0lZ5" crossorigin="anonymous"></script>`,
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

  describe('the startup announcement', () => {
    const config = {
      publicUrl: 'http://127.0.0.1:8787',
      mode: 'sandbox' as const,
      apiKey: 'sk_sandbox_eftpay_signer_demo_key',
      apiKeyIsDefault: true,
      googlePay: { enabled: false },
    }
    /** What announceWidget writes to the terminal, and the log lines. */
    function announce(found: typeof assets | null) {
      let text = ''
      const lines: string[] = []
      const logger = createLogger({ destination: { write: (line: string) => lines.push(line) } })
      announceWidget({
        config: config as Parameters<typeof announceWidget>[0]['config'],
        logger,
        assets: found,
        write: (t) => {
          text += t
        },
      })
      return { text, log: lines.join('') }
    }

    it('writes the sandbox key, the script tag and the CSP line', () => {
      const { text, log } = announce(assets)
      expect(text).toContain('sk_sandbox_eftpay_signer_demo_key')
      expect(text).toContain(`/widget/${assets?.contentHash}/eftpay-button.js" integrity="sha384-`)
      expect(text).toContain(
        'Content-Security-Policy: script-src http://127.0.0.1:8787; connect-src http://127.0.0.1:8787',
      )
      expect(log).toContain('"script_tag"')
    })

    it('writes the sandbox key even when there is no widget build, and says how to get one', () => {
      const { text, log } = announce(null)
      expect(text).toContain('sk_sandbox_eftpay_signer_demo_key')
      expect(log).toContain('no widget build found')
    })
  })
})
