#!/usr/bin/env node
// Builds what @eftpay/webhooks ships (package.json `files` and `publishConfig.exports`):
//   dist/index.js, dist/index.cjs     ESM and CommonJS, one file each, importing only node:crypto
//   dist/*.d.ts, dist/*.d.cts         the types of both: tsc's declarations, and a CommonJS twin of
//                                     each whose relative imports name the .cjs files (a .d.cts
//                                     may not import the ESM declarations beside it)
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const started = Date.now()

rmSync(dist, { recursive: true, force: true })
for (const [format, file] of [
  ['esm', 'index.js'],
  ['cjs', 'index.cjs'],
]) {
  await build({
    entryPoints: [join(root, 'src/index.ts')],
    outfile: join(dist, file),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format,
    logLevel: 'warning',
    // Given inline so the build does not depend on the workspace's tsconfig.base.json.
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  })
}

const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
})
if (tsc.status !== 0) {
  console.error(`tsc failed (exit ${tsc.status})`)
  process.exit(1)
}
for (const name of readdirSync(dist).filter((n) => n.endsWith('.d.ts'))) {
  const text = readFileSync(join(dist, name), 'utf8')
  const cjs = text.replace(/(from ['"]\.\/[\w-]+)\.js(['"])/g, '$1.cjs$2')
  writeFileSync(join(dist, name.replace(/\.d\.ts$/, '.d.cts')), cjs)
}
console.log(`built dist/ (ESM, CommonJS, types) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
