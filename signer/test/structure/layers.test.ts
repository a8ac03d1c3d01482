import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The signer's layers (docs/architecture.md "Layers"), lowest first: a module imports only from its
 * own folder or from a lower layer, never up and never sideways into another folder of its own
 * layer. Only the code is held to it; tests may reach across the seams they test.
 */
const LAYERS: readonly (readonly string[])[] = [
  // The words and the shapes of the HTTP API: zod only, nothing of the signer.
  ['contract'],
  // Small tools with no knowledge of payments.
  ['errors.ts', 'money.ts'],
  // The two outside worlds: the database and eftPay.
  ['store', 'gateway'],
  ['observability', 'webhooks', 'config'],
  ['middleware', 'catalog', 'apple-pay'],
  // The money rules; and the HTTP helpers the routes validate and authorise with.
  ['domain', 'http'],
  // The shopper pages the signer renders itself (hosted checkout, payment links).
  ['pages'],
  ['routes', 'openapi', 'error-mapping.ts'],
  ['app.ts'],
  ['server.ts', 'sandbox-mode.ts', 'check'],
  // The merchant console: its own app, served on its own listener (docs/architecture.md "The merchant console").
  ['console'],
  ['main.ts'],
  ['index.ts'],
]

/** What the contract may import from outside the signer: the widget's type check reads it. */
const CONTRACT_PACKAGES = new Set(['zod', '@hono/zod-openapi'])

const signerSrc = fileURLToPath(new URL('../../src/', import.meta.url))
const widgetSrc = fileURLToPath(new URL('../../../widget/src/', import.meta.url))

/** The unit a path under `signer/src` belongs to: its top folder, or the file at the top. */
function unitOf(path: string): string {
  return (relative(signerSrc, path).split(sep)[0] ?? '').replace(/\.js$/, '.ts')
}

function layerOf(unit: string): number {
  const layer = LAYERS.findIndex((units) => units.includes(unit))
  if (layer < 0) throw new Error(`${unit} has no layer: add it to LAYERS and docs/architecture.md`)
  return layer
}

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !path.split(sep).includes('test'))
}

/** Every module a file imports or re-exports, type-only imports included, as written. */
function importsOf(path: string): string[] {
  const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true)
  return info.importedFiles.map((f) => f.fileName)
}

/** The imports of one file (specifiers as written) that break the layering, with the reason. */
function violationsOf(file: string, specs: readonly string[]): string[] {
  const from = unitOf(file)
  const name = relative(signerSrc, file)
  const broken: string[] = []
  for (const spec of specs) {
    if (!spec.startsWith('.')) {
      if (from === 'contract' && !CONTRACT_PACKAGES.has(spec)) {
        broken.push(`${name} -> ${spec}: the contract imports only zod`)
      }
      continue
    }
    const target = resolve(dirname(file), spec)
    if (!target.startsWith(signerSrc)) continue
    const to = unitOf(target)
    if (to === from) continue
    if (from === 'contract') broken.push(`${name} -> ${spec}: the contract imports nothing`)
    else if (layerOf(to) > layerOf(from)) broken.push(`${name} -> ${spec}: up, ${from} -> ${to}`)
    else if (layerOf(to) === layerOf(from)) {
      broken.push(`${name} -> ${spec}: sideways, ${from} -> ${to}`)
    }
  }
  return broken
}

describe('the signer’s layers', () => {
  const files = codeFiles(signerSrc)

  it('every folder and top-level file has a layer', () => {
    for (const file of files) expect(() => layerOf(unitOf(file)), file).not.toThrow()
  })

  it('no module imports a higher layer or a sibling folder of its own layer', () => {
    expect(files.flatMap((file) => violationsOf(file, importsOf(file)))).toEqual([])
  })

  it('the check itself sees an import up, sideways and out of the contract', () => {
    const at = (path: string) => join(signerSrc, path)
    expect(violationsOf(at('store/payments.ts'), ['../domain/types.js'])).toHaveLength(1)
    expect(violationsOf(at('store/payments.ts'), ['../gateway/fields.js'])).toHaveLength(1)
    expect(violationsOf(at('contract/requests.ts'), ['../errors.js', 'node:fs'])).toHaveLength(2)
    expect(violationsOf(at('domain/sessions.ts'), ['../routes/deps.js'])).toHaveLength(1)
    expect(violationsOf(at('routes/config.ts'), ['../contract/vocabulary.js', 'hono'])).toEqual([])
  })
})

describe('the widget', () => {
  it('imports no signer module outside its tests (types only, checked in api/contract.test.ts)', () => {
    const reaching = codeFiles(widgetSrc).filter((file) =>
      importsOf(file).some((spec) => resolve(dirname(file), spec).includes(`${sep}signer${sep}`)),
    )
    expect(reaching.map((file) => relative(widgetSrc, file))).toEqual([])
  })
})
