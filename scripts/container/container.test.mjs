// The signer's image, built and run as an operator would (docs/deploy.md "The container"): built
// with podman from the repository (lockfile versions, local stand-in base image where none can be
// pulled: setup.sh), run read-only as non-root, a sandbox order paid through it, restarted with the
// order still paid, stopped by SIGTERM with exit code 0.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createSession, getSession, payInSandbox } from '../../tests/consumer/sandbox-signer.mjs'
import { freePort } from '../free-port.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const IMAGE = 'localhost/eftpay-signer:test'
const NAME = `eftpay-signer-test-${process.pid}`
const VOLUME = `${NAME}-data`
const timings = {}

/** Runs a command with a timeout; returns stdout, throws with its output on failure. */
function run(command, args, { timeoutSeconds = 120, label } = {}) {
  const started = Date.now()
  try {
    return execFileSync(command, args, {
      cwd: root,
      encoding: 'utf8',
      timeout: timeoutSeconds * 1000,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (error) {
    throw new Error(
      `${command} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    )
  } finally {
    if (label) timings[label] = Number(((Date.now() - started) / 1000).toFixed(1))
  }
}
const podman = (args, options) => run('podman', args, options)

async function waitHealthy(url) {
  const deadline = Date.now() + 60_000
  for (;;) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return
    assert.ok(
      Date.now() < deadline,
      `${url}/healthz did not answer within 60 s:\n${podman(['logs', NAME])}`,
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

let url
before(() => {
  run('bash', [join(root, 'scripts/container/setup.sh')], { timeoutSeconds: 900, label: 'setup' })
  // npm and pnpm inside the build need this machine's CA bundle (a TLS-inspecting proxy may sit
  // between it and the registry); the host's pnpm store makes the install a copy, not a download.
  const work = mkdtempSync(join(tmpdir(), 'eftpay-container-'))
  writeFileSync(join(work, 'npmrc'), 'cafile=/etc/ssl/certs/ca-certificates.crt\n')
  const store = run('pnpm', ['store', 'path'])
    .trim()
    .replace(/\/v\d+$/, '')
  podman(
    [
      'build',
      '--format',
      'docker',
      '--pull=never',
      '-f',
      'signer/Dockerfile',
      '-t',
      IMAGE,
      '-v',
      '/etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro',
      '-v',
      `${join(work, 'npmrc')}:/usr/local/etc/npmrc:ro`,
      '-v',
      `${store}:/root/.local/share/pnpm/store`,
      '.',
    ],
    { timeoutSeconds: 900, label: 'build' },
  )
  rmSync(work, { recursive: true, force: true })
})

after(() => {
  for (const args of [
    ['rm', '-f', '-t', '0', NAME],
    ['volume', 'rm', '-f', VOLUME],
  ]) {
    try {
      podman(args)
    } catch {}
  }
  console.log(`container timings (s): ${JSON.stringify(timings)}`)
})

test('the image keeps its HEALTHCHECK, ships one libsql binary and no dangling source maps', () => {
  const health = podman(['image', 'inspect', '--format', '{{json .Config.Healthcheck}}', IMAGE])
  assert.match(health, /healthz/)
  const listing = podman([
    'run',
    '--rm',
    '--entrypoint',
    'sh',
    IMAGE,
    '-c',
    'ls node_modules/.pnpm; find / -xdev -name "*.map" 2>/dev/null; true',
  ])
  const binaries = listing.split('\n').filter((line) => line.startsWith('@libsql+'))
  assert.deepEqual(
    binaries.map((b) => b.replace(/@[\d.]+$/, '')),
    ['@libsql+linux-x64-gnu'],
  )
  const maps = listing.split('\n').filter((line) => line.endsWith('.map'))
  assert.deepEqual(maps, ['/app/dist/signer.mjs.map'])
})

test('runs read-only as non-root, pays a sandbox order, keeps it over a restart, stops cleanly on SIGTERM', async () => {
  const port = await freePort()
  url = `http://127.0.0.1:${port}`
  podman(['volume', 'create', VOLUME])
  podman(
    [
      'run',
      '-d',
      '--name',
      NAME,
      '--read-only',
      '--tmpfs',
      '/tmp',
      '-v',
      `${VOLUME}:/data`,
      '-p',
      `127.0.0.1:${port}:8787`,
      '-e',
      `PUBLIC_URL=${url}`,
      IMAGE,
    ],
    { label: 'run' },
  )
  const startedAt = Date.now()
  await waitHealthy(url)
  timings.ready = Number(((Date.now() - startedAt) / 1000).toFixed(1))
  assert.equal(podman(['exec', NAME, 'id', '-u']).trim(), '1000')
  assert.throws(() => podman(['exec', NAME, 'touch', '/app/written']), /Read-only file system/)
  podman(['healthcheck', 'run', NAME])

  const widget = await fetch(`${url}/widget/eftpay-button.js`)
  assert.equal(widget.status, 200)
  assert.match(
    podman(['logs', NAME]),
    /"script_tag":"<script type=\\"module\\" src=\\"http:\/\/127\.0\.0\.1:\d+\/widget\/[\d.]+\/eftpay-button\.js\\" integrity=\\"sha384-/,
  )

  const session = await createSession(url)
  await payInSandbox(url, { id: session.id, clientSecret: session.client_secret })

  podman(['restart', '-t', '20', NAME], { label: 'restart' })
  await waitHealthy(url)
  const after = await getSession(url, session.id)
  assert.equal(after.status, 'paid')
  assert.equal(after.payments.filter((p) => p.status === 'succeeded').length, 1)

  podman(['stop', '-t', '20', NAME], { label: 'stop' })
  assert.equal(podman(['inspect', '--format', '{{.State.ExitCode}}', NAME]).trim(), '0')
  assert.match(podman(['logs', NAME]), /shutting down/)
})
