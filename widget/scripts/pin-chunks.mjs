// A Vite plugin for the script-tag build: every file the entry loads after itself is pinned by
// SHA-384, as the tag the signer prints pins the entry (widget/README.md "Subresource Integrity").
//
// How, and why this way (each measured in Chromium 156; tests/e2e/widget-sri.spec.ts holds it):
// - A dynamic `import()` carries no integrity. Only an import map can give it one, and an import
//   map is an inline script, which the strict CSP the widget promises to work under refuses.
// - A `<link rel="modulepreload" integrity>` that fails is not remembered: a later `import()` of
//   the same URL fetches it again, unchecked, and runs it.
// - A `<script type="module" integrity>` is enforced: an altered file fires `error` and never
//   runs. So each chunk is loaded through one, and imported (from the module map) only after its
//   `load`; on `error` it is not imported at all.
// - The chunks' hashes are in one more file, eftpay-button.integrity.js, and the entry holds only
//   that file's hash: five SHA-384s written into the entry cost 336 B gzipped, more than its 12 kB
//   budget had left; one costs 76 B. The list is fetched once, when the first chunk is needed.
import { minify } from 'vite'
import { CHUNK_FILE, INTEGRITY_FILE, sriHash } from './script-tag-files.mjs'

/** The loader put in front of the entry; `listIntegrity` is the SHA-384 of INTEGRITY_FILE. */
const loader = (listIntegrity) => `
const __eftpayLoad = (name, integrity) =>
  new Promise((resolve, reject) => {
    const url = new URL(\`./eftpay-button.\${name}.js\`, import.meta.url)
    document.head.append(
      Object.assign(document.createElement('script'), {
        type: 'module',
        src: url,
        integrity,
        onload: () => resolve(import(url)),
        onerror: reject,
      }),
    )
  })
let __eftpayList
const __eftpayPinned = (name) =>
  (__eftpayList ??= __eftpayLoad(${JSON.stringify(INTEGRITY_FILE.slice('eftpay-button.'.length, -3))}, ${JSON.stringify(listIntegrity)}).catch((error) => {
    __eftpayList = undefined
    throw error
  })).then((list) => __eftpayLoad(name, list.default[name]))
`

/** `import("./eftpay-button.qr.js")` as the minifier writes it, any quote. */
const CHUNK_IMPORT = /\bimport\(\s*([`'"])\.\/eftpay-button\.([\w-]+)\.js\1\s*\)/g

/** @returns {import('vite').Plugin} */
export function pinChunks() {
  return {
    name: 'eftpay-pin-chunks',
    // After minification: the hashes are of the bytes written to dist/.
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk')
      const entry = chunks.find((chunk) => chunk.isEntry)
      if (!entry) return this.error('pin-chunks: no entry chunk')
      /** @type {Record<string, string>} */
      const list = {}
      for (const chunk of chunks.filter((c) => !c.isEntry)) {
        // What a chunk imports itself would be fetched unpinned: only the entry (already loaded).
        const unpinned = [...chunk.imports, ...chunk.dynamicImports].filter(
          (name) => name !== entry.fileName,
        )
        if (unpinned.length > 0)
          return this.error(`pin-chunks: ${chunk.fileName} imports ${unpinned.join(', ')}`)
        const name = CHUNK_FILE.exec(chunk.fileName)?.[1]
        if (!name || chunk.fileName === INTEGRITY_FILE)
          return this.error(`pin-chunks: unexpected chunk name ${chunk.fileName}`)
        list[name] = sriHash(chunk.code)
      }
      const listSource = `export default ${JSON.stringify(list)}\n`
      this.emitFile({ type: 'asset', fileName: INTEGRITY_FILE, source: listSource })

      // Every `import()` of the entry must become a pinned load of a listed chunk.
      const imported = new Set()
      const rewritten = entry.code.replace(CHUNK_IMPORT, (_match, _quote, name) => {
        if (!(name in list)) this.error(`pin-chunks: the entry imports an unknown chunk ${name}`)
        imported.add(name)
        return `__eftpayPinned(${JSON.stringify(name)})`
      })
      const left = /\bimport\(/.test(rewritten) ? ['an import() it did not recognise'] : []
      for (const name of Object.keys(list)) if (!imported.has(name)) left.push(name)
      if (left.length > 0)
        return this.error(`pin-chunks: not every chunk import is pinned (${left.join(', ')})`)

      // Minified again as a whole, so the loader is too and its names are the minifier's.
      const result = await minify(entry.fileName, loader(sriHash(listSource)) + rewritten, {
        module: true,
      })
      if (result.errors.length > 0)
        return this.error(`pin-chunks: ${result.errors.map((e) => e.message).join('; ')}`)
      entry.code = result.code
    },
  }
}
