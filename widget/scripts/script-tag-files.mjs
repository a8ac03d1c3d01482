// What the script-tag build promises about its files, shared by the build (scripts/build.mjs) and
// the test that holds it to them (tests/widget-size.spec.ts): the entry's size budget and how each
// file it loads later is pinned (widget/README.md "Subresource Integrity").
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/** gzip -9 bytes allowed for dist/eftpay-button.js, the file every page loads. */
export const SCRIPT_TAG_GZIP_BUDGET = 12 * 1024

/** The module beside the entry that lists each lazy chunk's SHA-384 (its default export). */
export const INTEGRITY_FILE = 'eftpay-button.integrity.js'

/** The lazy chunks: `eftpay-button.<name>.js` (the integrity file is not one). */
export const CHUNK_FILE = /^eftpay-button\.([\w-]+)\.js$/

/** `sha384-<base64>`: the form of an `integrity` attribute. */
export function sriHash(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`
}

/** Bytes after gzip -9, the measure of the budget. */
export function gzipSize(bytes) {
  return gzipSync(bytes, { level: 9 }).length
}
