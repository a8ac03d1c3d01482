#!/usr/bin/env node
// Builds @eftpay/button into dist/ (what `files` in package.json ships; widget/README.md):
//   index.js, react.js, jsx.js    npm ESM, `lit` and the other dependencies left as bare imports
//   (+ chunks/)
//   *.d.ts                        types (tsc --emitDeclarationOnly); jsx.d.ts: React 19 JSX typings
//   custom-elements.json          from the JSDoc, rewritten to name the shipped files
//                                 (scripts/manifest.mjs)
//   eftpay-button.js              ONE minified ES module for a <script type="module"> tag: Lit and
//                                 English inlined; defines the element when loaded. Beside it, lazy
//                                 chunks it fetches itself when needed: eftpay-button.qr.js,
//                                 .apple-pay.js, .google-pay.js, .zh-hk.js, .zh-cn.js, each pinned
//                                 by SHA-384 through eftpay-button.integrity.js (pin-chunks.mjs).
// Prints raw, gzip and brotli sizes of eftpay-button.js and fails if gzip is over 12 kB
// (script-tag-files.mjs; tests/widget-size.spec.ts checks the built files too).
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants } from 'node:zlib'
import { build } from 'vite'
import { rewriteManifest, writeScriptTagTypes } from './manifest.mjs'
import { minifyTemplates } from './minify-templates.mjs'
import { pinChunks } from './pin-chunks.mjs'
import { gzipSize, SCRIPT_TAG_GZIP_BUDGET } from './script-tag-files.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const LIMIT = SCRIPT_TAG_GZIP_BUDGET
const started = Date.now()

rmSync(dist, { recursive: true, force: true })

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const external = [
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
]
const isExternal = (id) => external.some((dep) => id === dep || id.startsWith(`${dep}/`))

// Lit's production build (no dev-mode warnings), for both outputs.
const resolve = { conditions: ['module', 'browser', 'production'] }

// npm: ESM with bare imports of lit & co., so an app's bundler shares one copy of Lit.
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  resolve,
  build: {
    outDir: dist,
    emptyOutDir: false,
    sourcemap: true,
    minify: false,
    lib: {
      entry: {
        index: join(root, 'src/index.ts'),
        react: join(root, 'src/react.ts'),
        jsx: join(root, 'src/jsx.ts'),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: isExternal,
      output: { chunkFileNames: 'chunks/[name]-[hash].js' },
    },
  },
})

// Script tag: one entry file with Lit and English inlined, minified (Vite 8 needs `output.minify`
// for that). The QR encoder, the Apple Pay flow, the Google Pay flow and the two Chinese languages
// are small lazy chunks beside it (eftpay-button.<module>.js, named by `chunkFileNames`): with the
// first two inlined the file is about 15 kB gzipped. They are fetched from the entry's own URL,
// so serve the folder (the signer does: GET /widget/eftpay-button.js), each through a module
// script with `integrity` (pin-chunks.mjs).
await build({
  root,
  configFile: false,
  logLevel: 'warn',
  resolve,
  plugins: [minifyTemplates(), pinChunks()],
  build: {
    outDir: dist,
    emptyOutDir: false,
    minify: true,
    lib: {
      entry: join(root, 'src/eftpay-button/eftpay-button.ts'),
      formats: ['es'],
      fileName: () => 'eftpay-button.js',
    },
    rolldownOptions: {
      // Lets the entry export what the lazy chunks share with it (Lit), instead of a third chunk.
      preserveEntrySignatures: 'allow-extension',
      output: { minify: true, chunkFileNames: 'eftpay-button.[name].js' },
    },
  },
})

/** Runs a tool from node_modules/.bin; stops the build if it fails. */
function run(bin, args) {
  const r = spawnSync(join(root, 'node_modules/.bin', bin), args, { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error(`${bin} failed (exit ${r.status})`)
    process.exit(1)
  }
}

run('tsc', ['-p', 'tsconfig.build.json'])
run('cem', ['analyze', '--quiet', '--config', 'custom-elements-manifest.config.mjs'])
rewriteManifest(dist)
writeScriptTagTypes(dist)

/** Raw, gzip and brotli sizes of one file of dist/. */
function sizes(name) {
  const file = readFileSync(join(dist, name))
  const gzip = gzipSize(file)
  const brotli = brotliCompressSync(file, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length
  console.log(`dist/${name}: ${file.length} B raw, ${gzip} B gzip, ${brotli} B brotli`)
  return gzip
}

const gzip = sizes('eftpay-button.js')
for (const name of readdirSync(dist).filter((n) => /^eftpay-button\..+\.js$/.test(n))) sizes(name)
console.log(
  `limit for dist/eftpay-button.js: ${LIMIT} B gzip; built in ${((Date.now() - started) / 1000).toFixed(1)} s`,
)
if (gzip > LIMIT) {
  console.error(`dist/eftpay-button.js is ${gzip} B gzipped, over the ${LIMIT} B budget`)
  process.exit(1)
}
