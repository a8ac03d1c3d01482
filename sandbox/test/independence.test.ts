import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The sandbox checks the signer independently only if it shares none of the signer's code: a
 * mistake in the signer's signing, time, amounts or schemas must not be made twice
 * (docs/protocol.md, "Sandbox"). So every import of every file of this package is resolved the way
 * TypeScript resolves it, and must land inside sandbox/ or in a package this package declares
 * (sources: `dependencies`; tests and config: `devDependencies` too). The package itself may depend
 * on no workspace package. (The type check refuses it as well: tsconfig.json's `rootDir`.)
 */

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url))
const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}
const RUNTIME = new Set(Object.keys(manifest.dependencies ?? {}))
const DEV = new Set([...RUNTIME, ...Object.keys(manifest.devDependencies ?? {})])
const BUILTINS = new Set(builtinModules)
const compilerOptions = ts.getParsedCommandLineOfConfigFile(
  join(PACKAGE_DIR, 'tsconfig.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
)?.options as ts.CompilerOptions

/** `hono/body-limit` → `hono`, `@hono/node-server` → `@hono/node-server`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '')
}

/**
 * What is wrong with the imports of one file (as `specifier: reason`). Every form counts: static,
 * type-only, re-export, dynamic `import()` and `require()`.
 */
function importProblems(source: string, file: string, allowed: ReadonlySet<string>) {
  const problems: string[] = []
  const { importedFiles } = ts.preProcessFile(source, true, true)
  for (const { fileName: specifier } of importedFiles) {
    if (specifier.startsWith('node:') || BUILTINS.has(specifier)) continue
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/')
    if (bare && !allowed.has(packageName(specifier))) {
      problems.push(`${specifier}: ${packageName(specifier)} is not a declared dependency`)
      continue
    }
    const resolved = ts.resolveModuleName(specifier, file, compilerOptions, ts.sys).resolvedModule
    if (!resolved) {
      problems.push(`${specifier}: does not resolve`)
      continue
    }
    const where = relative(PACKAGE_DIR, resolved.resolvedFileName)
    const inside = !where.startsWith('..') && !where.startsWith(sep)
    // A declared package resolves into node_modules; anything else must stay in this folder.
    if (!(bare && resolved.isExternalLibraryImport) && !(inside && !bare))
      problems.push(`${specifier}: resolves to ${resolved.resolvedFileName}, outside sandbox/`)
  }
  return problems
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(PACKAGE_DIR, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(PACKAGE_DIR, join(entry.parentPath, entry.name)))
}

const isTestCode = (file: string) => file.endsWith('.test.ts') || !file.startsWith(`src${sep}`)

describe('the sandbox is its own package, independent of the signer', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('test'), 'vitest.config.ts']

  it('finds its sources and tests', () => {
    expect(files).toEqual(expect.arrayContaining([join('src', 'index.ts'), join('src', 'wire.ts')]))
    expect(files.filter(isTestCode).length).toBeGreaterThan(3)
  })

  it('depends on no workspace package, the signer included', () => {
    const all = { ...manifest.dependencies, ...manifest.devDependencies }
    expect(Object.keys(all).filter((name) => name.startsWith('@eftpay/'))).toEqual([])
    expect(Object.values(all).filter((range) => range.startsWith('workspace:'))).toEqual([])
  })

  for (const file of files) {
    it(`${file} imports only sandbox files and declared packages`, () => {
      const source = readFileSync(join(PACKAGE_DIR, file), 'utf8')
      const allowed = isTestCode(file) ? DEV : RUNTIME
      expect(importProblems(source, join(PACKAGE_DIR, file), allowed), file).toEqual([])
    })
  }

  it('would catch an import of the signer in every form', () => {
    const file = join(PACKAGE_DIR, 'src', 'example.ts')
    const samples = [
      "import { sign } from '../../signer/src/gateway/sign.js'",
      "import type { Clock } from '../../signer/src/gateway/hk-time.js'",
      "export { toCents } from '../../signer/src/money.js'",
      "const m = await import('../../signer/src/sandbox-credentials.js')",
      "const r = require('../../signer/src/gateway/verify.js')",
      "import { sign } from '@eftpay/signer'",
      "import { verifyWebhook } from '@eftpay/webhooks'",
      "import { test } from 'vitest'",
    ]
    for (const sample of samples)
      expect(importProblems(sample, file, RUNTIME), sample).toHaveLength(1)
    expect(importProblems("import { Hono } from 'hono'", file, RUNTIME)).toEqual([])
    expect(importProblems("import { bodyLimit } from 'hono/body-limit'", file, RUNTIME)).toEqual([])
    expect(importProblems("import { x } from './wire.js'", file, RUNTIME)).toEqual([])
    expect(importProblems("import { createHash } from 'node:crypto'", file, RUNTIME)).toEqual([])
  })
})
