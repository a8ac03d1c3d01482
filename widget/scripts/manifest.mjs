// Post-build steps for what ships beside the JavaScript (run by scripts/build.mjs).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { INTEGRITY_FILE } from './script-tag-files.mjs'

/**
 * The analyzer describes the sources (`src/**\/*.ts`), which are not shipped. Tools (IDEs,
 * Storybook, linters) read `customElements` from package.json and then open the module paths it
 * names, so the shipped manifest lists the two built files that define the element instead:
 * `dist/index.js` (npm) and `dist/eftpay-button.js` (script tag), each declaring <eftpay-button>.
 */
export function rewriteManifest(dist) {
  const file = join(dist, 'custom-elements.json')
  const manifest = JSON.parse(readFileSync(file, 'utf8'))
  const element = manifest.modules
    .flatMap((mod) => mod.declarations ?? [])
    .find((decl) => decl.customElement && decl.tagName === 'eftpay-button')
  if (!element) throw new Error('custom-elements.json: the analyzer found no <eftpay-button>')
  const shipped = (path) => ({
    kind: 'javascript-module',
    path,
    declarations: [element],
    exports: [
      { kind: 'js', name: element.name, declaration: { name: element.name, module: path } },
      {
        kind: 'custom-element-definition',
        name: 'eftpay-button',
        declaration: { name: element.name, module: path },
      },
    ],
  })
  const rewritten = {
    schemaVersion: manifest.schemaVersion,
    readme: '',
    modules: [shipped('dist/index.js'), shipped('dist/eftpay-button.js')],
  }
  const text = JSON.stringify(rewritten, null, 2)
  if (/"(?:path|module)":\s*"src\//.test(text))
    throw new Error('custom-elements.json still names a source file')
  writeFileSync(file, `${text}\n`)
}

/**
 * Types for the script-tag files, so every `exports` entry resolves to JavaScript with types: the
 * entry exports the element class (it also registers the tag); the lazy chunks are internal.
 */
export function writeScriptTagTypes(dist) {
  writeFileSync(
    join(dist, 'eftpay-button.d.ts'),
    "// The script-tag build: registers <eftpay-button> when loaded.\nexport { EftpayButton, EftpayButton as default } from './index.js'\n",
  )
  for (const name of readdirSync(dist).filter((n) => /^eftpay-button\..+\.js$/.test(n))) {
    writeFileSync(
      join(dist, name.replace(/\.js$/, '.d.ts')),
      name === INTEGRITY_FILE
        ? '// The SHA-384 of each lazy chunk of the script-tag build (eftpay-button.<name>.js), by name.\ndeclare const integrity: Record<string, string>\nexport default integrity\n'
        : '// A lazy chunk of the script-tag build, loaded by eftpay-button.js itself.\nexport {}\n',
    )
  }
}
