// The packages as a merchant gets them from the registry: all three are packed (`pnpm pack`, which
// runs their prepack build) and installed from the tarballs into throwaway projects outside the
// workspace, type-checked strictly (skipLibCheck off, so the shipped .d.ts files are checked too)
// and built. One pnpm workspace holds the browser apps (Vite + TypeScript, React 19) and a project
// that installs the signer; another holds the merchant backends (Node ESM, CommonJS), which install
// only @eftpay/webhooks and so get no other package at all. The built Vite app pays a sandbox order
// in Chromium against the packaged signer (run by its bin with plain node), both backends verify
// the real webhooks that signer sent, and @eftpay/signer/webhooks still verifies them too.
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium, devices } from 'playwright'
import { chromiumLaunchOptions } from '../../scripts/chromium.mjs'
import { startSandboxSigner } from './sandbox-signer.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const templates = {
  projects: fileURLToPath(new URL('./projects/', import.meta.url)),
  backends: fileURLToPath(new URL('./backends/', import.meta.url)),
}
/** The signer's dependencies, none of which a backend that only verifies webhooks should get. */
const SIGNER_ONLY = ['@eftpay/signer', 'libsql', 'pg', 'pino', 'hono', 'zod', '@hono/node-server']
const WEBHOOK_SECRET = 'whsec_consumer_test_0123456789abcdef'
const work = mkdtempSync(join(tmpdir(), 'eftpay-consumer-'))
const timings = {}

/** Runs a command, failing the test with its output; returns stdout. */
function sh(command, args, cwd, env = {}) {
  const startedAt = Date.now()
  try {
    return execFileSync(command, args, {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240_000,
    })
  } catch (error) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    )
  } finally {
    const key = `${cwd.split('/').pop()}: ${command === process.execPath ? 'node' : command} ${args.slice(0, 3).join(' ')}`
    timings[key] = ((Date.now() - startedAt) / 1000).toFixed(1)
  }
}

const tarballs = {}
let signer
let receiver

before(async () => {
  // Pack all three; prepack builds each package, exactly as `pnpm publish` would.
  for (const [name, dir] of [
    ['webhooks', 'webhooks'],
    ['button', 'widget'],
    ['signer', 'signer'],
  ]) {
    const out = sh('pnpm', ['pack', '--pack-destination', join(work, 'tarballs')], join(root, dir))
    const file = readdirSync(join(work, 'tarballs')).find((f) => f.startsWith(`eftpay-${name}-`))
    assert.ok(file, `pnpm pack wrote no tarball for ${dir}:\n${out}`)
    tarballs[name] = join(work, 'tarballs', file)
  }
  // The throwaway projects: two pnpm workspaces in the temp folder, installed from the tarballs
  // and the registry (through the pnpm store, so fast once cached). The signer's tarball names
  // @eftpay/webhooks by version, as published; the override gives it this run's tarball instead.
  for (const [workspace, template] of Object.entries(templates)) {
    const dir = join(work, workspace)
    cpSync(template, dir, { recursive: true })
    for (const project of readdirSync(dir)) {
      const file = join(dir, project, 'package.json')
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replace('__BUTTON_TGZ__', `file:${tarballs.button}`)
          .replace('__SIGNER_TGZ__', `file:${tarballs.signer}`)
          .replace('__WEBHOOKS_TGZ__', `file:${tarballs.webhooks}`),
      )
    }
    // The package README's ESM example, type-checked with the ESM backend against the tarball.
    if (workspace === 'backends') {
      const readme = readFileSync(join(root, 'webhooks', 'README.md'), 'utf8')
      const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1]
      assert.ok(
        example?.includes("from '@eftpay/webhooks'"),
        'webhooks/README.md has its ESM example',
      )
      writeFileSync(join(dir, 'node-esm', 'readme-example.ts'), example)
    }
    writeFileSync(
      join(dir, 'pnpm-workspace.yaml'),
      `packages:\n  - '*'\noverrides:\n  '@eftpay/webhooks': 'file:${tarballs.webhooks}'\n`,
    )
    writeFileSync(
      join(dir, 'package.json'),
      `{ "name": "consumer-${workspace}", "private": true }\n`,
    )
    sh('pnpm', ['install', '--prefer-offline', '--reporter=silent'], dir, {
      npm_config_nodedir: '/usr',
    })
  }
})

after(async () => {
  await signer?.stop()
  receiver?.kill('SIGTERM')
  console.log(`consumer timings (s): ${JSON.stringify(timings)}`)
  if (!process.env.CONSUMER_KEEP) rmSync(work, { recursive: true, force: true })
})

test('the tarballs ship what the exports name, and no sources or tests', () => {
  for (const [name, tgz] of Object.entries(tarballs)) {
    const files = sh('tar', ['tzf', tgz], work).trim().split('\n')
    console.log(`${name}: ${statSync(tgz).size} B packed, ${files.length} files`)
    assert.ok(files.includes('package/LICENSE'), `${name} ships LICENSE`)
    assert.deepEqual(
      files.filter(
        (f) => /\/(src|test)\/|\.test\.|tsconfig/.test(f) && !f.includes('/dist/types/'),
      ),
      [],
    )
    const pkg = JSON.parse(sh('tar', ['xzOf', tgz, 'package/package.json'], work))
    const targets = []
    const walk = (value) => {
      if (typeof value === 'string') targets.push(value)
      else for (const inner of Object.values(value ?? {})) walk(inner)
    }
    walk(pkg.exports)
    for (const target of [...targets, pkg.types, pkg.main, ...Object.values(pkg.bin ?? {})].filter(
      Boolean,
    )) {
      const path = `package/${target.replace(/^\.\//, '')}`
      assert.ok(files.includes(path), `${name}: exports names ${path}, which is not in the tarball`)
    }
  }
})

test('the webhooks tarball has no dependencies, and the signer depends on it by version', () => {
  const manifest = (tgz) => JSON.parse(sh('tar', ['xzOf', tgz, 'package/package.json'], work))
  const webhooks = manifest(tarballs.webhooks)
  assert.equal(webhooks.dependencies, undefined)
  assert.equal(webhooks.peerDependencies, undefined)
  assert.equal(manifest(tarballs.signer).dependencies['@eftpay/webhooks'], webhooks.version)
})

test('the webhooks tarball passes publint (strict) and attw for ESM and CommonJS in every resolution', () => {
  const dir = join(root, 'webhooks')
  sh('pnpm', ['exec', 'publint', 'run', '--strict', tarballs.webhooks], dir)
  // attw exits non-zero on any problem; no --profile: node10 and CommonJS resolution count too.
  const report = sh('pnpm', ['exec', 'attw', '--format', 'table-flipped', tarballs.webhooks], dir)
  assert.match(report, /No problems found/)
})

test('the backends that verify webhooks install @eftpay/webhooks and nothing of the signer', () => {
  const backends = join(work, 'backends')
  // Every package the backends' workspace installed, by name (the virtual store's folders are
  // `<name with + for />@<version>`).
  const installed = readdirSync(join(backends, 'node_modules', '.pnpm'))
    .filter((entry) => entry !== 'node_modules' && !entry.endsWith('.yaml'))
    .map((entry) => entry.replace(/^(@?[^@]+)@.*$/, '$1').replace('+', '/'))
  assert.deepEqual(
    [...new Set(installed)].sort(),
    ['@eftpay/webhooks', '@types/node', 'typescript', 'undici-types'],
    'only the package and the backends own dev tools (TypeScript and Node types)',
  )
  for (const project of ['node-esm', 'node-cjs']) {
    const modules = join(backends, project, 'node_modules')
    assert.deepEqual(readdirSync(join(modules, '@eftpay')), ['webhooks'])
    for (const name of SIGNER_ONLY)
      assert.equal(existsSync(join(modules, name)), false, `${project} has ${name}`)
  }
})

test('the signer bin runs the packaged bundle with plain node (no tsx installed)', () => {
  const installed = join(work, 'projects', 'signer-host', 'node_modules', '@eftpay', 'signer')
  assert.equal(existsSync(join(installed, 'dist', 'signer.mjs')), true)
  assert.equal(
    existsSync(join(work, 'projects', 'node_modules', '.pnpm', 'node_modules', 'tsx')),
    false,
  )
})

test('every project type-checks strictly against the shipped types', () => {
  for (const project of ['projects/vite-app', 'projects/react-app', 'projects/signer-host'])
    sh('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit'], join(work, project))
  for (const project of ['backends/node-esm', 'backends/node-cjs'])
    sh('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json', '--noEmit'], join(work, project))
})

test('the packaged signer pays an order made by the built Vite app in Chromium; both Node backends verify its webhooks', async () => {
  const projects = join(work, 'projects')
  const backends = join(work, 'backends')
  // The merchant's webhook endpoint (ESM backend), compiled with tsc and run with node.
  sh('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json'], join(backends, 'node-esm'))
  const deliveries = join(work, 'deliveries.jsonl')
  receiver = spawn(process.execPath, ['dist/receiver.js'], {
    cwd: join(backends, 'node-esm'),
    env: { ...process.env, MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET, DELIVERIES_FILE: deliveries },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const receiverPort = await new Promise((resolve, reject) => {
    receiver.stdout.on('data', (chunk) => {
      const port = /listening (\d+)/.exec(String(chunk))?.[1]
      if (port) resolve(Number(port))
    })
    receiver.once('exit', (code) => reject(new Error(`the receiver exited (${code})`)))
  })

  // The signer as installed from its tarball, started by its bin.
  signer = await startSandboxSigner({
    bin: join(
      projects,
      'signer-host',
      'node_modules',
      '@eftpay',
      'signer',
      'bin',
      'eftpay-signer.mjs',
    ),
    cwd: join(projects, 'signer-host'),
    env: {
      MERCHANT_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/webhooks`,
      MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  })

  // Both apps built against it, then the Vite app served on a localhost port (allowed by default).
  for (const app of ['vite-app', 'react-app'])
    sh('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], join(projects, app), {
      VITE_SIGNER_URL: signer.url,
    })
  const apps = await Promise.all(
    ['vite-app', 'react-app'].map((app) => serveStatic(join(projects, app, 'dist'))),
  )

  const browser = await chromium.launch(chromiumLaunchOptions)
  try {
    // React 19: the bare element and the wrapper both load their wallets.
    const desktop = await browser.newPage()
    await desktop.goto(apps[1].url)
    await desktop.locator('#bare [part="wallet"]').first().waitFor()
    await desktop.locator('#wrapped [part="wallet"]').first().waitFor()
    await desktop
      .locator('#events')
      .filter({ hasText: /bare:\d+/ })
      .waitFor()
    await desktop.close()

    // The Vite app on a phone: choose Alipay HK, land on the sandbox's pay page, pay, come back.
    const context = await browser.newContext({ ...devices['Pixel 7'] })
    const page = await context.newPage()
    await page.goto(apps[0].url)
    await page.locator('eftpay-button [part="wallet"][data-wallet="ALIPAYHK"]').click()
    await page.waitForURL(`${signer.url}/sandbox/pay/**`)
    await page.locator('button[name="outcome"][value="success"]').click()
    await page.waitForURL(`${apps[0].url}**session_id=**`)
    await page.locator('eftpay-button[data-test-state], eftpay-button').first().waitFor()
    await page.waitForFunction(() =>
      document.querySelector('eftpay-button')?.matches(':state(succeeded)'),
    )
    await context.close()
  } finally {
    await browser.close()
    for (const app of apps) app.close()
  }

  // The webhooks arrive (the ESM receiver verified them); the CommonJS backend verifies them again.
  const deadline = Date.now() + 20_000
  while (!(existsSync(deliveries) && readFileSync(deliveries, 'utf8').includes('"session.paid"'))) {
    assert.ok(Date.now() < deadline, 'no verified session.paid webhook reached the ESM receiver')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  sh('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json'], join(backends, 'node-cjs'))
  const compiled = readFileSync(join(backends, 'node-cjs', 'dist', 'verify.js'), 'utf8')
  assert.match(compiled, /require\("@eftpay\/webhooks"\)/)
  const out = sh(process.execPath, ['dist/verify.js', deliveries], join(backends, 'node-cjs'), {
    MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  })
  assert.match(out, /verified .*session\.paid.* with require/)

  // Merchants who import @eftpay/signer/webhooks: it still verifies them, imported and required.
  const host = join(projects, 'signer-host')
  sh('pnpm', ['exec', 'tsc', '-p', 'tsconfig.json'], host)
  const env = { MERCHANT_WEBHOOK_SECRET: WEBHOOK_SECRET }
  assert.match(
    sh(process.execPath, ['dist/legacy.js', deliveries], host, env),
    /Eftpay-Signature: verified .*session\.paid.* with import/,
  )
  assert.match(
    sh(process.execPath, ['legacy.cjs', deliveries], host, env),
    /verified .*session\.paid.* with require/,
  )

  assert.equal(await signer.stop(), 0, 'the signer exits 0 on SIGTERM')
  signer = undefined
})

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
}

/** Serves a built app's folder on a free localhost port (index.html for unknown paths). */
async function serveStatic(dir) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0])
    let file = join(dir, path)
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory())
      file = join(dir, 'index.html')
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream')
    res.end(readFileSync(file))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://localhost:${server.address().port}/`, close: () => server.close() }
}
