// The signer's image, built and run as an operator would (docs/deploy.md "The container"): built
// with podman from the repository (lockfile versions, local stand-in base image where none can be
// pulled: setup.sh), run read-only as non-root, a sandbox order paid through it, restarted with the
// order still paid, stopped by SIGTERM with exit code 0.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import { createRequire } from 'node:module'
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

async function waitHealthy(url, name = NAME) {
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
      `${url}/healthz did not answer within 60 s:\n${podman(['logs', name])}`,
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

test('two replicas on PostgreSQL behind one address, the sandbox in its own container: exactly one payment', async (t) => {
  const started = Date.now()
  const postgres = run('bash', [join(root, 'scripts/postgres.sh'), 'start'], {
    timeoutSeconds: 120,
  })
  const databaseUrl = /^TEST_DATABASE_URL=(.+)$/m.exec(postgres)?.[1]
  const clusterDir = /^PG_TEST_DIR=(.+)$/m.exec(postgres)?.[1]
  assert.ok(databaseUrl, `scripts/postgres.sh start printed no TEST_DATABASE_URL:\n${postgres}`)
  const ports = {
    SANDBOX_PORT: await freePort(),
    SIGNER_1_PORT: await freePort(),
    SIGNER_2_PORT: await freePort(),
  }
  const balancer = await startBalancer([ports.SIGNER_1_PORT, ports.SIGNER_2_PORT])
  const variables = {
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    BALANCER_PORT: String(balancer.port),
    IMAGE,
    EFTPAY_USER_KEY: 'TESTREPLICA1',
    EFTPAY_SECRET: 'replica-test-gateway-secret-0123456789',
    SIGNER_API_KEY: 'sk_replica_test_0123456789abcdef0123',
    DATABASE_URL: databaseUrl,
  }
  const names = []
  t.after(() => {
    for (const name of names) podman(['rm', '-f', '-t', '0', name])
    balancer.close()
    if (clusterDir) run('bash', [join(root, 'scripts/postgres.sh'), 'stop', clusterDir])
  })
  // The services exactly as docs/deploy.md's compose file declares them, started with podman run.
  for (const [service, spec] of Object.entries(composeServices(variables))) {
    const name = `${NAME}-${service}`
    names.push(name)
    const args = ['run', '-d', '--name', name, '--network', 'host']
    if (spec.read_only) args.push('--read-only')
    for (const dir of spec.tmpfs ?? []) args.push('--tmpfs', dir)
    for (const [key, value] of Object.entries(spec.environment ?? {}))
      args.push('-e', `${key}=${value}`)
    podman([...args, spec.image, ...(spec.command ?? [])])
  }
  const replicas = [ports.SIGNER_1_PORT, ports.SIGNER_2_PORT].map((p) => `http://127.0.0.1:${p}`)
  for (const [i, replica] of replicas.entries()) await waitHealthy(replica, names[i + 1])
  const one = `http://127.0.0.1:${balancer.port}`
  const auth = {
    Authorization: `Bearer ${variables.SIGNER_API_KEY}`,
    'Content-Type': 'application/json',
  }

  const created = await fetch(`${one}/v1/sessions`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      amount: '88.00',
      currency: 'HKD',
      subject: 'Two replicas',
      success_url: 'http://localhost:3000/ok',
      cancel_url: 'http://localhost:3000/no',
    }),
  })
  assert.equal(created.status, 201, await created.clone().text())
  const session = await created.json()
  // The shopper double-clicks: the same payment started through each replica at once.
  const body = JSON.stringify({
    client_secret: session.client_secret,
    wallet: 'ALIPAYHK',
    device: { os: 'others', mobile: false, in_app: 'none' },
  })
  const answers = await Promise.all(
    replicas.map((replica) =>
      fetch(`${replica}/v1/sessions/${session.id}/payments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      }).then((r) => r.json()),
    ),
  )
  const ids = new Set(answers.map((a) => a.id ?? a.error?.code))
  const payment = answers.find((a) => a.id)
  assert.ok(payment, `no replica started the payment: ${JSON.stringify(answers)}`)
  const merchant = await (
    await fetch(`${replicas[1]}/v1/sessions/${session.id}`, { headers: auth })
  ).json()
  const pay = await fetch(
    `http://127.0.0.1:${ports.SANDBOX_PORT}/sandbox/pay/${merchant.payments[0].eft_trade_no}`,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'outcome=success',
      redirect: 'manual',
    },
  )
  assert.ok(pay.status < 400, `the sandbox pay page answered ${pay.status}`)
  const deadline = Date.now() + 30_000
  for (;;) {
    const views = await Promise.all(
      replicas.map(async (r) =>
        (await fetch(`${r}/v1/sessions/${session.id}`, { headers: auth })).json(),
      ),
    )
    if (views.every((v) => v.status === 'paid')) {
      for (const view of views) {
        assert.equal(
          view.payments.length,
          1,
          `one payment, whichever replica: ${JSON.stringify(view.payments)} (answers: ${[...ids]})`,
        )
        assert.equal(view.payments[0].status, 'succeeded')
      }
      break
    }
    assert.ok(
      Date.now() < deadline,
      `not paid on both replicas: ${views.map((v) => v.status)}\n${podman(['logs', names[1]])}`,
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
  timings.replicas = Number(((Date.now() - started) / 1000).toFixed(1))
})

/** docs/deploy.md's compose services (its `compose:replicas` block), variables filled in. */
function composeServices(variables) {
  const YAML = createRequire(join(root, 'signer/package.json'))('yaml')
  const doc = readFileSync(join(root, 'docs/deploy.md'), 'utf8')
  const block = /<!-- compose:replicas -->\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1]
  assert.ok(block, 'docs/deploy.md has no compose:replicas block')
  const filled = block.replace(/\$\{(\w+)\}/g, (_, name) => {
    assert.ok(name in variables, `the compose file uses \${${name}}, which the test does not set`)
    return variables[name]
  })
  return YAML.parse(filled, { merge: true }).services
}

/** The one address in front of the replicas: a round-robin HTTP proxy (a load balancer's job). */
async function startBalancer(ports) {
  let next = 0
  const server = createServer((req, res) => {
    const port = ports[next++ % ports.length]
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: server.address().port, close: () => server.close() }
}
