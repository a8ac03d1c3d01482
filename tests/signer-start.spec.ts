import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { widgetBuildState } from '../signer/scripts/ensure-widget.mjs'

// The README's first hour: `pnpm --dir signer start` on a fresh clone, with no widget build, must be
// enough: it builds the widget, serves it, and prints the sandbox key, the script tag and the CSP
// line. Run in a copy of signer/ and widget/ (their node_modules linked, nothing built), so the
// checkout's own widget/dist, which the other tests use, is never touched.

const REPO = fileURLToPath(new URL('../', import.meta.url))
const SKIP = /^\/(node_modules|dist|data|\.pack|coverage)(\/|$)/

let checkout: string

test.beforeAll(() => {
  checkout = mkdtempSync(join(tmpdir(), 'eftpay-fresh-clone-'))
  cpSync(join(REPO, 'tsconfig.base.json'), join(checkout, 'tsconfig.base.json'))
  for (const pkg of ['signer', 'widget']) {
    const from = join(REPO, pkg)
    cpSync(from, join(checkout, pkg), {
      recursive: true,
      filter: (source) => !SKIP.test(source.slice(from.length)),
    })
    symlinkSync(join(from, 'node_modules'), join(checkout, pkg, 'node_modules'))
  }
  symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules'))
})

test.afterAll(() => {
  if (checkout) rmSync(checkout, { recursive: true, force: true })
})

/** `pnpm --dir signer start` in the copy, until its startup lines are out; then stopped. */
async function start(): Promise<{ output: string; url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn('pnpm', ['--dir', join(checkout, 'signer'), 'start'], {
    // Its own process group, so stopping it stops pnpm, tsx and the signer, and nothing else.
    detached: true,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(checkout, 'signer.db')}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (data: Buffer) => {
      output += data.toString()
    })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM')
    await exited
  }
  const deadline = Date.now() + 200_000
  // The startup lines end with the tag and CSP line, or with the warning that there is no widget.
  while (!/Content-Security-Policy: script-src|no widget build found/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`the signer did not print its startup lines:\n${output.slice(-4000)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output)?.[1] ?? ''
  return { output, url, stop }
}

test('on a fresh clone, `pnpm --dir signer start` builds the widget, serves it and prints the tag', async () => {
  test.setTimeout(240_000)
  expect(existsSync(join(checkout, 'widget', 'dist'))).toBe(false)
  const signer = await start()
  try {
    expect(signer.output).toContain(
      'Sandbox: API key for POST /v1/sessions and /v1/refunds: sk_sandbox_eftpay_signer_demo_key',
    )
    const tag =
      /<script type="module" src="([^"]+)" integrity="sha384-[^"]+" crossorigin="anonymous"><\/script>/.exec(
        signer.output,
      )
    expect(tag?.[1]).toMatch(new RegExp(`^${signer.url}/widget/[0-9a-f]{16}/eftpay-button\\.js$`))
    expect(signer.output).toContain(
      `Content-Security-Policy: script-src ${signer.url}; connect-src ${signer.url}`,
    )
    const entry = await fetch(`${signer.url}/widget/eftpay-button.js`)
    expect(entry.status).toBe(200)
    const pinned = await fetch(tag?.[1] ?? '')
    expect(pinned.status).toBe(200)
    expect(pinned.headers.get('cache-control')).toContain('immutable')
  } finally {
    await signer.stop()
  }
})

test('a widget build older than its source is stale; a fresh one is used as it is', async () => {
  test.setTimeout(120_000)
  const widget = join(checkout, 'widget')
  expect(widgetBuildState(widget)).toBe('fresh')
  const signer = await start()
  await signer.stop()
  expect(signer.output).not.toContain('widget: building')
  const later = new Date(Date.now() + 60_000)
  utimesSync(join(widget, 'src', 'index.ts'), later, later)
  expect(widgetBuildState(widget)).toBe('stale')
  rmSync(join(widget, 'dist'), { recursive: true })
  expect(widgetBuildState(widget)).toBe('missing')
})
