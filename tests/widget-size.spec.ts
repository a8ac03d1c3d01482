import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { expect, test } from '@playwright/test'
import {
  CHUNK_FILE,
  gzipSize,
  INTEGRITY_FILE,
  SCRIPT_TAG_GZIP_BUDGET,
  sriHash,
} from '../widget/scripts/script-tag-files.mjs'

// The built script-tag files (widget/README.md "Builds"), as the test command has just built them:
// the entry within its gzip budget, and every file it can load later pinned by SHA-384 through it
// (tests/e2e/widget-sri.spec.ts shows Chromium refusing an altered one).

const dist = fileURLToPath(new URL('../widget/dist/', import.meta.url))
const read = (name: string) => readFileSync(`${dist}${name}`)

test(`eftpay-button.js is at most ${SCRIPT_TAG_GZIP_BUDGET} B gzipped`, () => {
  expect(gzipSize(read('eftpay-button.js'))).toBeLessThanOrEqual(SCRIPT_TAG_GZIP_BUDGET)
})

test('every lazy chunk is listed with its SHA-384, and the entry pins that list', async () => {
  const chunks = readdirSync(dist)
    .filter((name) => CHUNK_FILE.test(name) && name !== INTEGRITY_FILE)
    .map((name) => CHUNK_FILE.exec(name)?.[1] as string)
  expect(chunks).toEqual(
    expect.arrayContaining(['qr', 'apple-pay', 'google-pay', 'zh-hk', 'zh-cn']),
  )
  const listed = (await import(pathToFileURL(`${dist}${INTEGRITY_FILE}`).href)) as {
    default: Record<string, string>
  }
  expect(Object.keys(listed.default).sort()).toEqual([...chunks].sort())
  for (const name of chunks)
    expect(listed.default[name], name).toBe(sriHash(read(`eftpay-button.${name}.js`)))
  expect(read('eftpay-button.js').toString('utf8')).toContain(sriHash(read(INTEGRITY_FILE)))
})
