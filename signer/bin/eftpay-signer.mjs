#!/usr/bin/env node
// `eftpay-signer`: runs the bundled signer (dist/signer.mjs, shipped in the package and built by
// `node scripts/bundle.mjs`) with plain node. Only a development checkout without a build falls
// back to the TypeScript source through tsx (a dev dependency, not shipped). Configuration comes
// from the environment (docs/deploy.md).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const bundle = fileURLToPath(new URL('../dist/signer.mjs', import.meta.url))
const source = fileURLToPath(new URL('../src/main.ts', import.meta.url))

if (existsSync(bundle)) {
  const { runMain } = await import(bundle)
  await runMain()
} else if (existsSync(source)) {
  const { tsImport } = await import('tsx/esm/api')
  const { runMain } = await tsImport('../src/main.ts', import.meta.url)
  await runMain()
} else {
  process.stderr.write('eftpay-signer: dist/signer.mjs is missing; reinstall @eftpay/signer\n')
  process.exit(1)
}
