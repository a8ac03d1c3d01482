#!/usr/bin/env node
// `eftpay-signer`: runs the bundled signer (dist/signer.mjs) when it has been built, else the
// TypeScript source through tsx (a development checkout). Configuration comes from the environment.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const bundle = fileURLToPath(new URL('../dist/signer.mjs', import.meta.url))
if (existsSync(bundle)) {
  const { runMain } = await import(bundle)
  await runMain()
} else {
  const { tsImport } = await import('tsx/esm/api')
  const { runMain } = await tsImport('../src/main.ts', import.meta.url)
  await runMain()
}
