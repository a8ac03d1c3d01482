// custom-elements.json from the source's JSDoc, for editors and docs tools (as Shoelace ships
// one); run by scripts/build.mjs.

/**
 * Keeps the manifest to the public surface: the analyzer lists `static properties` states
 * (`state: true`) as attributes, and each `dispatchEvent(new EftpayXEvent(...))` as an unnamed
 * event beside the documented `@event` tags.
 */
function publicSurfaceOnly() {
  return {
    name: 'eftpay-public-surface-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (!decl.customElement) continue
          const hidden = new Set(
            (decl.members ?? []).filter((m) => m.privacy === 'private').map((m) => m.name),
          )
          decl.attributes = decl.attributes?.filter((a) => !hidden.has(a.fieldName ?? a.name))
          decl.members = decl.members?.filter(
            (m) => m.privacy !== 'private' && !String(m.name).startsWith('#'),
          )
          decl.events = decl.events?.filter((e) => e.name?.startsWith('eftpay-'))
        }
      }
    },
  }
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/internal/test/**'],
  outdir: 'dist',
  litelement: true,
  plugins: [publicSurfaceOnly()],
}
