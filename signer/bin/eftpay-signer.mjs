#!/usr/bin/env node
// `eftpay-signer`: runs the bundled signer (dist/signer.mjs) when it has been built, else the
// TypeScript source through tsx (a development checkout). Configuration comes from the environment.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const bundle = fileURLToPath(new URL('../dist/signer.mjs', import.meta.url))
if (process.argv[2] === 'check') {
  // `eftpay-signer check [--json]`: proves configuration and gateway before go-live (src/check/).
  const { tsImport } = await import('tsx/esm/api')
  const { runCheckCli } = await tsImport('../src/check/cli.ts', import.meta.url)
  process.exitCode = await runCheckCli(process.argv.slice(3), process.env)
} else if (existsSync(bundle)) {
  const { runMain } = await import(bundle)
  await runMain()
} else {
  const { tsImport } = await import('tsx/esm/api')
  const { runMain } = await tsImport('../src/main.ts', import.meta.url)
  await runMain()
}
