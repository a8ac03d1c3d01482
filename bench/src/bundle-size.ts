import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { paths } from './processes.js'

/**
 * Size of the script-tag file (`widget/dist/eftpay-button.js`): raw, gzip -9 and brotli (max
 * quality). The lazy chunks beside it (QR code, Apple Pay) are reported separately: the page pays
 * for them only when a QR code or Apple Pay is shown.
 */

export interface BundleSize {
  raw: number
  gzip: number
  brotli: number
  /** gzip -9 of each lazy chunk the entry can import, by file name. */
  lazyGzip: Record<string, number>
}

const dist = join(paths.widget, 'dist')
export const SCRIPT_TAG_FILE = join(dist, 'eftpay-button.js')

const gzip = (data: Buffer) => gzipSync(data, { level: 9 }).length
const brotli = (data: Buffer) =>
  brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  }).length

/**
 * Builds the widget from the current source every run (about 2 s): a `dist/` left by an earlier
 * build would otherwise be measured as if it were this checkout's.
 */
export function ensureWidgetBuilt(): void {
  console.log('bench: building the widget from source')
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: paths.widget,
    stdio: 'inherit',
  })
  if (result.status !== 0 || !existsSync(SCRIPT_TAG_FILE))
    throw new Error('the widget build failed')
}

export function measureBundle(): BundleSize {
  const entry = readFileSync(SCRIPT_TAG_FILE)
  const lazyGzip: Record<string, number> = {}
  // The files the entry loads itself when needed (`eftpay-button.<name>.js`: the chunks and the
  // list of their SHA-384s, widget/scripts/pin-chunks.mjs); it names them by `<name>` only.
  for (const file of readdirSync(dist)) {
    if (/^eftpay-button\.[\w-]+\.js$/.test(file))
      lazyGzip[file] = gzip(readFileSync(join(dist, file)))
  }
  return { raw: entry.length, gzip: gzip(entry), brotli: brotli(entry), lazyGzip }
}
