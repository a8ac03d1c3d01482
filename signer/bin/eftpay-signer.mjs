#!/usr/bin/env node
// `eftpay-signer`: runs the bundled signer (dist/signer.mjs, shipped in the package and built by
// `node scripts/bundle.mjs`) with plain node. Only a development checkout without a build falls
// back to the TypeScript source through tsx (a dev dependency, not shipped). Configuration comes
// from the environment (docs/deploy.md).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const bundle = fileURLToPath(new URL('../dist/signer.mjs', import.meta.url))
const source = fileURLToPath(new URL('../src/main.ts', import.meta.url))

/** The bundle when built, else the TypeScript source through tsx (a development checkout). */
async function loadSigner() {
  if (existsSync(bundle)) return import(bundle)
  if (existsSync(source)) {
    const { tsImport } = await import('tsx/esm/api')
    return tsImport('../src/main.ts', import.meta.url)
  }
  process.stderr.write('eftpay-signer: dist/signer.mjs is missing; reinstall @eftpay/signer\n')
  process.exit(1)
}

const signer = await loadSigner()
if (process.argv[2] === 'check') {
  // `eftpay-signer check [--json] [--evidence DIR] [--uat [--yes]]`: proves configuration and
  // gateway before go-live (src/check/, docs/deploy.md). The container runs this file for it:
  // `node bin/eftpay-signer.mjs check`; `node dist/signer.mjs` is the signer alone.
  process.exitCode = await signer.runCheckCli(process.argv.slice(3), process.env)
} else if (process.argv[2] === 'console') {
  // `eftpay-signer console invite --role owner|staff [--name NAME]`: a one-time link to enrol a
  // passkey in the merchant console (src/console/cli.ts, docs/deploy.md).
  process.exitCode = await signer.runConsoleCli(process.argv.slice(3), process.env)
} else {
  await signer.runMain()
}
