#!/usr/bin/env node
// Builds what @eftpay/signer ships (package.json `files`; docs/deploy.md):
//   dist/signer.mjs        the whole signer in one file, run by `eftpay-signer` and the container;
//                          libsql (the SQLite driver) stays external with its per-platform binary
//   dist/sandbox.mjs       the gateway sandbox alone (one shared by several replicas)
//   dist/index.js          the library entry (`@eftpay/signer`), dependencies left as imports
//                          except `@eftpay/sandbox`, which is inlined: it is a workspace package
//                          that is never published, so every file shipped carries its own copy
//   dist/webhooks.{js,cjs} `@eftpay/signer/webhooks`, kept for merchants who import it: ESM and
//                          CommonJS re-exports of `@eftpay/webhooks` (docs/api.md "Merchant webhooks")
//   dist/types/, dist/webhooks.d.{ts,cts}   the types of both; the sandbox's in dist/types/sandbox/,
//                          named by a relative path where the signer's types import `@eftpay/sandbox`
//   dist/widget/           the widget's script-tag files, served at GET /widget/ (a packaged or
//                          containerised signer has no workspace to find them in)
//   dist/demo.mjs, dist/demo/   with --demo only (the image, not the package): the demo shop's
//                          server and its files, run with `node dist/demo.mjs` (docs/deploy.md)
//
//   node scripts/bundle.mjs            everything
//   node scripts/bundle.mjs --app      only dist/signer.mjs, dist/sandbox.mjs, dist/widget/ (the container)
//   node scripts/bundle.mjs --app --demo   and the demo (what signer/Dockerfile runs)
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
/** The sandbox package (sandbox/ in the workspace), reached through the signer's dependency on it. */
const sandboxMain = fileURLToPath(import.meta.resolve('@eftpay/sandbox/main'))
const sandboxRoot = join(dirname(sandboxMain), '..')
const appOnly = process.argv.includes('--app')
const withDemo = process.argv.includes('--demo')
const started = Date.now()

/** Options every bundle shares. */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  // Given inline so the bundle builds without the workspace's tsconfig.base.json (container build).
  tsconfigRaw: {
    compilerOptions: {
      verbatimModuleSyntax: true,
      experimentalDecorators: true,
      useDefineForClassFields: false,
    },
  },
}

// The full build starts from an empty dist/; --app replaces only its own files.
if (appOnly)
  for (const name of [
    'signer.mjs',
    'signer.mjs.map',
    'sandbox.mjs',
    'widget',
    'console',
    'demo.mjs',
    'demo',
  ])
    rmSync(join(dist, name), { recursive: true, force: true })
else rmSync(dist, { recursive: true, force: true })
mkdirSync(dist, { recursive: true })

await build({
  ...common,
  entryPoints: [join(root, 'src/main.ts')],
  outfile: join(dist, 'signer.mjs'),
  format: 'esm',
  // Sources inlined in the map: it never points at files the package or image does not have.
  sourcemap: true,
  sourcesContent: true,
  legalComments: 'linked',
  // pg-native is pg's optional native binding, never used (pg runs in pure JS).
  external: ['libsql', '@libsql/*', 'pg-native'],
  // Some bundled CommonJS packages call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __signerCreateRequire } from 'node:module'; const require = __signerCreateRequire(import.meta.url);",
  },
})
copyWidget()
copyConsole()
// The sandbox alone, for a gateway shared by several signer replicas (docs/deploy.md).
await build({
  ...common,
  entryPoints: [sandboxMain],
  outfile: join(dist, 'sandbox.mjs'),
  format: 'esm',
  banner: {
    js: "import { createRequire as __signerCreateRequire } from 'node:module'; const require = __signerCreateRequire(import.meta.url);",
  },
})

if (withDemo) await buildDemo()

if (!appOnly) {
  checkSandboxDependencies()
  await build({
    ...common,
    entryPoints: [join(root, 'src/index.ts')],
    outfile: join(dist, 'index.js'),
    format: 'esm',
    packages: 'external',
    plugins: [inlineSandbox()],
  })
  // Re-exports, not copies: one WebhookVerificationError class whichever import a merchant uses.
  writeFileSync(join(dist, 'webhooks.js'), "export * from '@eftpay/webhooks'\n")
  writeFileSync(join(dist, 'webhooks.cjs'), "module.exports = require('@eftpay/webhooks')\n")
  tsc(['-p', 'tsconfig.build.json'])
  tsc(['-p', join(sandboxRoot, 'tsconfig.build.json'), '--outDir', join(dist, 'types/sandbox')])
  pointTypesAtBundledSandbox(join(dist, 'types/src'))
  for (const name of ['webhooks.d.ts', 'webhooks.d.cts'])
    writeFileSync(join(dist, name), "export * from '@eftpay/webhooks'\n")
}
console.log(
  `built dist/ (${appOnly ? 'app only' : 'app, library, webhooks, types'}${withDemo ? ', demo' : ''}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
)

/** Runs the signer's TypeScript compiler; a failure stops the build. */
function tsc(args) {
  const run = spawnSync(join(root, 'node_modules/.bin/tsc'), args, { cwd: root, stdio: 'inherit' })
  if (run.status !== 0) {
    console.error(`tsc ${args.join(' ')} failed (exit ${run.status})`)
    process.exit(1)
  }
}

/**
 * Bundles `@eftpay/sandbox` into the library entry although every other package stays an import:
 * the sandbox is not on the registry (its package.json is private), so an import of it would fail
 * wherever the signer is installed. Its own imports (hono, zod, ...) stay imports.
 */
function inlineSandbox() {
  return {
    name: 'inline-sandbox',
    setup(b) {
      b.onResolve({ filter: /^@eftpay\/sandbox$/ }, () => ({
        path: join(sandboxRoot, 'src/index.ts'),
      }))
    },
  }
}

/**
 * The inlined sandbox's imports are resolved from the signer's own dependencies once installed:
 * each must be one of them, with the same range (else it is missing, or a second copy).
 */
function checkSandboxDependencies() {
  const read = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const signerDependencies = read(root).dependencies ?? {}
  const wrong = Object.entries(read(sandboxRoot).dependencies ?? {}).filter(
    ([name, range]) => signerDependencies[name] !== range,
  )
  if (wrong.length > 0) {
    console.error(
      `signer/package.json must list the sandbox's dependencies with the same ranges: ${wrong.map(([n, r]) => `${n}@${r}`).join(', ')}`,
    )
    process.exit(1)
  }
}

/**
 * The signer's declarations import `@eftpay/sandbox`, which a merchant cannot install: point them
 * at the sandbox's declarations shipped in dist/types/sandbox/ instead.
 */
function pointTypesAtBundledSandbox(dir) {
  const target = join(dist, 'types/sandbox/index.js')
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue
    const file = join(entry.parentPath, entry.name)
    const text = readFileSync(file, 'utf8')
    if (!text.includes('@eftpay/sandbox')) continue
    let path = relative(dirname(file), target)
    if (!path.startsWith('.')) path = `./${path}`
    writeFileSync(file, text.replace(/(['"])@eftpay\/sandbox\1/g, `$1${path}$1`))
  }
}

/**
 * Copies the widget's script-tag files next to the bundle. In the workspace they come from
 * widget/dist (built first when missing); the container build copies them in beforehand.
 */
function copyWidget() {
  const target = join(dist, 'widget')
  const candidates = [
    process.env.WIDGET_DIST,
    join(root, 'widget-dist'),
    join(root, '..', 'widget', 'dist'),
  ].filter(Boolean)
  let source = candidates.find((dir) => existsSync(join(dir, 'eftpay-button.js')))
  const workspaceWidget = join(root, '..', 'widget')
  if (!source && existsSync(join(workspaceWidget, 'scripts/build.mjs'))) {
    const built = spawnSync('node', ['scripts/build.mjs'], {
      cwd: workspaceWidget,
      stdio: 'inherit',
    })
    if (built.status !== 0) process.exit(1)
    source = join(workspaceWidget, 'dist')
  }
  if (!source) {
    console.error('no widget build found: build widget/ first, or set WIDGET_DIST')
    process.exit(1)
  }
  mkdirSync(target, { recursive: true })
  // The segment of the /widget/<version>/ path (routes/widget-assets.ts; the immutable path is
  // named by the files' content instead).
  const widgetPackage = join(source, '..', 'package.json')
  if (existsSync(widgetPackage))
    writeFileSync(
      join(target, 'version.txt'),
      JSON.parse(readFileSync(widgetPackage, 'utf8')).version,
    )
  for (const name of readdirSync(source).filter((n) => /^eftpay-button(\.[\w-]+)?\.js$/.test(n)))
    copyFileSync(join(source, name), join(target, name))
}

/**
 * Copies the merchant console's built pages (console/dist) next to the bundle, served by the
 * console listener (src/console/assets.ts). Without a build the console still answers its API and
 * the invite command works; its pages are missing, and this says so.
 */
function copyConsole() {
  const source = [process.env.CONSOLE_DIST, join(root, '..', 'console', 'dist')]
    .filter(Boolean)
    .find((dir) => existsSync(join(dir, 'index.html')))
  if (!source) {
    console.warn('no console build found (pnpm --dir console build): its pages are left out')
    return
  }
  cpSync(source, join(dist, 'console'), { recursive: true })
}

/**
 * The demo shop for the image: its server in one file (dist/demo.mjs, from
 * demo/server/image-main.mjs) and what it serves (dist/demo/: public files, pages, the catalog).
 * The signer it starts is the image's own dist/signer.mjs, imported at run time, not a second copy.
 */
async function buildDemo() {
  const demo = join(root, '..', 'demo')
  const signerMain = join(root, 'src/main.ts')
  await build({
    ...common,
    entryPoints: [join(demo, 'server/image-main.mjs')],
    outfile: join(dist, 'demo.mjs'),
    format: 'esm',
    // The demo's dependencies are the signer's too: found here when demo/ has no node_modules.
    nodePaths: [join(root, 'node_modules')],
    external: ['tsx', 'tsx/*'],
    plugins: [
      {
        name: 'signer-bundle',
        setup(b) {
          b.onResolve({ filter: /\/signer\/src\/main\.ts$/ }, (args) =>
            join(args.resolveDir, args.path) === signerMain
              ? { path: './signer.mjs', external: true }
              : undefined,
          )
        },
      },
    ],
  })
  const files = join(dist, 'demo')
  cpSync(join(demo, 'public'), join(files, 'public'), { recursive: true })
  cpSync(join(demo, 'pages'), join(files, 'pages'), { recursive: true })
  copyFileSync(join(root, 'examples/catalog.json'), join(files, 'catalog.json'))
}
