import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { paths } from './processes.js'

/**
 * The anchor: Adyen's Web Drop-in (`@adyen/adyen-web` from npm) with the card component, bundled
 * the way the widget's script-tag file is (Vite library mode on rolldown, ES module, minified,
 * browser/production conditions) so the two gzip figures compare like with like. Stripe's and
 * Airwallex's npm packages are only loaders for scripts served from their own servers, which cannot
 * be reached from here, so they have no figure (bench/README.md).
 */

export interface AnchorSize {
  /** gzip -9 of every JS file the build wrote (entry and chunks): what the page loads for it. */
  jsGzip: number
  jsRaw: number
  /** Its stylesheet (`@adyen/adyen-web/styles/adyen.css`), gzip -9, which Drop-in also needs. */
  cssGzip: number
  files: number
  version: string
}

const gzip = (data: Buffer) => gzipSync(data, { level: 9 }).length

export async function buildAdyenAnchor(): Promise<AnchorSize> {
  const out = mkdtempSync(join(tmpdir(), 'eftpay-anchor-'))
  try {
    await build({
      root: paths.bench,
      configFile: false,
      logLevel: 'silent',
      resolve: { conditions: ['module', 'browser', 'production'] },
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        outDir: out,
        emptyOutDir: true,
        minify: true,
        lib: { entry: join(paths.bench, 'anchor/adyen-dropin.js'), formats: ['es'] },
        rolldownOptions: { output: { minify: true } },
      },
    })
    let jsGzip = 0
    let jsRaw = 0
    let files = 0
    for (const file of readdirSync(out, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.js')) continue
      const data = readFileSync(join(out, file))
      jsGzip += gzip(data)
      jsRaw += data.length
      files += 1
    }
    const adyen = join(paths.bench, 'node_modules/@adyen/adyen-web')
    const css = readFileSync(join(adyen, 'dist/es/adyen.css'))
    const version = (
      JSON.parse(readFileSync(join(adyen, 'package.json'), 'utf8')) as { version: string }
    ).version
    return { jsGzip, jsRaw, cssGzip: gzip(css), files, version }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
