#!/usr/bin/env node
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
// Bundles the signer into one file, dist/signer.mjs, for the container and `eftpay-signer`.
// libsql (the SQLite driver) stays external with its per-platform @libsql/* binaries: it loads a
// native addon, so the Dockerfile installs just that package next to the bundle.
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
mkdirSync(`${root}/dist`, { recursive: true })

await build({
  entryPoints: [`${root}/src/main.ts`],
  outfile: `${root}/dist/signer.mjs`,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  legalComments: 'linked',
  // pg-native is pg's optional native binding, never used (issue 7 runs pg in pure JS).
  external: ['libsql', '@libsql/*', 'pg-native'],
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __signerCreateRequire } from 'node:module'; const require = __signerCreateRequire(import.meta.url);",
  },
  // Given inline so the bundle builds without the workspace's tsconfig.base.json (container build).
  tsconfigRaw: {
    compilerOptions: {
      verbatimModuleSyntax: true,
      experimentalDecorators: true,
      useDefineForClassFields: false,
    },
  },
  logLevel: 'warning',
})
console.log('bundled dist/signer.mjs')
