import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The sandbox checks the signer independently only if it shares none of the signer's protocol
 * code: a mistake in `sign`, `verify`, `messages`, `fields` or `routing-table` must not be made
 * twice (docs/protocol.md, "Sandbox").
 */

const SANDBOX_DIR = fileURLToPath(new URL('../../src/gateway/sandbox/', import.meta.url))
const FORBIDDEN = ['sign', 'verify', 'messages', 'fields', 'routing-table', 'settings', 'client']

/** Every module specifier a source file imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const found: string[] = []
  const patterns = [
    /\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ]
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1] ?? '')
  return found
}

/** Whether a specifier (relative to the sandbox folder) reaches one of the signer's modules. */
function reachesSignerProtocol(specifier: string): boolean {
  const match = /^\.\.\/([\w-]+)(?:\.js|\.ts)?$/.exec(specifier)
  return match !== null && FORBIDDEN.includes(match[1] ?? '')
}

describe('the sandbox is independent of the signer', () => {
  const files = readdirSync(SANDBOX_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))

  it('finds the sandbox sources', () => {
    expect(files).toContain('index.ts')
    expect(files).toContain('wire.ts')
    expect(files).toContain('field-table.ts')
  })

  for (const file of files) {
    it(`${file} imports none of the signer's protocol modules`, () => {
      const source = readFileSync(`${SANDBOX_DIR}${file}`, 'utf8')
      const bad = importsOf(source).filter(reachesSignerProtocol)
      expect(bad, file).toEqual([])
    })
  }

  it('the scan would catch such an import in every form', () => {
    const sample = [
      "import { sign } from '../sign.js'",
      "import type { PreOrderRequest } from '../messages.js'",
      "export { verify } from '../verify.js'",
      "const t = await import('../routing-table.js')",
      "import {\n  str,\n} from '../fields.js'",
    ].join('\n')
    expect(importsOf(sample).filter(reachesSignerProtocol)).toHaveLength(5)
    expect(reachesSignerProtocol('../hk-time.js')).toBe(false)
    expect(reachesSignerProtocol('./wire.js')).toBe(false)
  })
})
