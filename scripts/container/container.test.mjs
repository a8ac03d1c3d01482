// The signer's image, built and run as an operator would (docs/deploy.md "The container"): built
// with podman from the repository (lockfile versions, local stand-in base images where none can be
// pulled: setup.sh), run read-only as non-root, a sandbox order paid through it, restarted with the
// order still paid, stopped by SIGTERM with exit code 0; then docs/deploy.md's compose file run
// with podman-compose (two replicas on PostgreSQL, the shared sandbox, one address); then the demo
// from the image. Prints how long each part took (`container timings`).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
const WRAPPER = join(root, 'scripts/container/podman-host-network.sh')
const timings = {}

/** Runs a command with a timeout; returns stdout, throws with its output on failure. */
function run(command, args, { timeoutSeconds = 120, label, env } = {}) {
  const started = Date.now()
  try {
    return execFileSync(command, args, {
      cwd: root,
      env,
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
    /"script_tag":"<script type=\\"module\\" src=\\"http:\/\/127\.0\.0\.1:\d+\/widget\/[0-9a-f]{16}\/eftpay-button\.js\\" integrity=\\"sha384-/,
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

test('compose (docs/deploy.md): two replicas on PostgreSQL, the sandbox and the database in containers, one address: exactly one payment', async (t) => {
  const started = Date.now()
  const work = mkdtempSync(join(tmpdir(), 'eftpay-compose-'))
  const project = `eftpay-compose-${process.pid}`
  const variables = {
    IMAGE,
    DB_PORT: await freePort(),
    DB_PASSWORD: `compose-test-${process.pid}-0123456789`,
    SANDBOX_PORT: await freePort(),
    SIGNER_1_PORT: await freePort(),
    SIGNER_2_PORT: await freePort(),
    CONSOLE_1_PORT: await freePort(),
    CONSOLE_2_PORT: await freePort(),
    BALANCER_PORT: await freePort(),
    EFTPAY_USER_KEY: 'TESTREPLICA1',
    EFTPAY_SECRET: 'replica-test-gateway-secret-0123456789',
    SIGNER_API_KEY: 'sk_replica_test_0123456789abcdef0123',
  }
  writeFileSync(join(work, 'compose.yaml'), composeBlock())
  writeFileSync(
    join(work, '.env'),
    Object.entries(variables)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  )
  // Variables from this process's environment would win over .env in docker compose: none leak in.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !(key in variables)))
  // podman-compose 1.0.3 needs the wrapper for host-network services (docs/deploy.md, "Compose").
  const compose = (args, label) =>
    run(
      'podman-compose',
      ['--podman-path', WRAPPER, '-p', project, '-f', join(work, 'compose.yaml'), ...args],
      { timeoutSeconds: 120, label, env },
    )
  const container = (service) => `${project}_${service}_1`
  t.after(() => {
    // podman-compose 1.0.3's `down -v` leaves the containers' anonymous volumes (the image's
    // /data) and the project network behind: removed here by name.
    let anonymous = []
    for (const step of [
      () => {
        const ids = podman(['ps', '-aq', '--filter', `label=io.podman.compose.project=${project}`])
        anonymous = podman([
          'inspect',
          '--format',
          '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}',
          ...ids.split('\n').filter(Boolean),
        ])
          .split(/\s+/)
          .filter(Boolean)
      },
      () => compose(['down', '-v', '-t', '5']),
      () => anonymous.length > 0 && podman(['volume', 'rm', '-f', ...anonymous]),
      () => podman(['network', 'rm', '-f', `${project}_default`]),
    ]) {
      try {
        step()
      } catch (error) {
        console.log(`cleaning up the compose project: ${error.message}`)
      }
    }
    rmSync(work, { recursive: true, force: true })
  })

  // The database first, healthy (its compose healthcheck), then the rest: what docker compose's
  // `condition: service_healthy` does, and podman-compose 1.0.3 does not.
  compose(['up', '-d', 'db'], 'compose_db')
  await waitFor(
    () => {
      try {
        podman(['healthcheck', 'run', container('db')])
        return true
      } catch {
        return false
      }
    },
    () => `the db container is not healthy:\n${podman(['logs', container('db')])}`,
  )
  compose(['up', '-d'], 'compose_up')
  const replicas = [variables.SIGNER_1_PORT, variables.SIGNER_2_PORT].map(
    (port) => `http://127.0.0.1:${port}`,
  )
  await waitHealthy(replicas[0], container('signer-1'))
  await waitHealthy(replicas[1], container('signer-2'))
  const one = `http://127.0.0.1:${variables.BALANCER_PORT}`
  await waitHealthy(one, container('balancer'))
  timings.compose_ready = Number(((Date.now() - started) / 1000).toFixed(1))
  const api = (base, path, init = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${variables.SIGNER_API_KEY}`,
        'Content-Type': 'application/json',
      },
    })
  const newSession = async (base) => {
    const created = await api(base, '/v1/sessions', {
      method: 'POST',
      body: JSON.stringify({
        amount: '88.00',
        currency: 'HKD',
        subject: 'Two replicas',
        success_url: 'http://localhost:3000/ok',
        cancel_url: 'http://localhost:3000/no',
      }),
    })
    assert.equal(created.status, 201, await created.clone().text())
    return created.json()
  }
  const startPayment = (base, session) =>
    fetch(`${base}/v1/sessions/${session.id}/payments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_secret: session.client_secret,
        wallet: 'ALIPAYHK',
        device: { os: 'others', mobile: false, in_app: 'none' },
      }),
    })
  const psql = (sql) =>
    podman(['exec', container('db'), 'psql', '-U', 'signer', '-d', 'shop', '-Atc', sql]).trim()

  // Created on replica 1, paid on replica 2, the gateway's notification and the shopper's return
  // through the balancer (PUBLIC_URL).
  const session = await newSession(replicas[0])
  const payment = await startPayment(replicas[1], session)
  assert.equal(payment.status, 201, await payment.clone().text())
  const view = await (await api(replicas[0], `/v1/sessions/${session.id}`)).json()
  const eftTradeNo = view.payments[0].eft_trade_no
  const paid = await fetch(`http://127.0.0.1:${variables.SANDBOX_PORT}/sandbox/pay/${eftTradeNo}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'outcome=success',
  })
  assert.equal(paid.status, 200)
  const back = /content="\d+;url=([^"]+)"/.exec(await paid.text())?.[1]?.replaceAll('&amp;', '&')
  assert.ok(back?.startsWith(`${one}/v1/gateway/return/${session.id}?`), back)
  const returned = await fetch(back, { redirect: 'manual' })
  assert.equal(returned.status, 303)
  assert.match(returned.headers.get('location') ?? '', /^http:\/\/localhost:3000\/ok/)
  await waitFor(
    async () => (await (await api(one, `/v1/sessions/${session.id}`)).json()).status === 'paid',
    () => `session ${session.id} is not paid:\n${podman(['logs', container('signer-1')])}`,
  )
  for (const replica of replicas) {
    const seen = await (await api(replica, `/v1/sessions/${session.id}`)).json()
    assert.equal(seen.status, 'paid')
    assert.deepEqual(
      seen.payments.map((p) => p.status),
      ['succeeded'],
    )
  }
  assert.equal(psql(`SELECT count(*) FROM signer.payments WHERE session_id = '${session.id}'`), '1')
  assert.equal(
    psql(`SELECT status FROM signer.payments WHERE session_id = '${session.id}'`),
    'succeeded',
  )
  assert.equal(psql(`SELECT count(*) FROM signer.sessions WHERE status = 'paid'`), '1')

  // The shopper double-clicks: the same payment request reaches both replicas at once.
  const twice = await newSession(one)
  const answers = await Promise.all(
    replicas.map(async (replica) => {
      const answer = await startPayment(replica, twice)
      return { status: answer.status, body: await answer.json() }
    }),
  )
  for (const answer of answers) assert.ok(answer.status < 300, JSON.stringify(answers))
  assert.equal(answers[0].body.id, answers[1].body.id, JSON.stringify(answers))
  assert.equal(
    psql(
      `SELECT count(*) || ' ' || count(DISTINCT eft_trade_no) FROM signer.payments WHERE session_id = '${twice.id}'`,
    ),
    '1 1',
  )

  // Both replicas stop on SIGTERM with exit code 0 (podman-compose 1.0.3 ignores stop_grace_period).
  compose(['stop', '-t', '20', 'signer-1', 'signer-2'], 'compose_stop')
  for (const service of ['signer-1', 'signer-2'])
    assert.equal(
      podman(['inspect', '--format', '{{.State.ExitCode}}', container(service)]).trim(),
      '0',
    )
  timings.compose = Number(((Date.now() - started) / 1000).toFixed(1))
})

test('the demo from the image: the shop, the widget, one order paid through its API and signer', async (t) => {
  const started = Date.now()
  const [demoPort, signerPort] = [await freePort(), await freePort()]
  const name = `${NAME}-demo`
  t.after(() => {
    try {
      podman(['rm', '-f', '-v', '-t', '0', name])
    } catch {}
  })
  // The pages carry the addresses browsers use (127.0.0.1 here): the same ports inside and out.
  podman(
    [
      'run',
      '-d',
      '--name',
      name,
      '--read-only',
      '--tmpfs',
      '/tmp',
      '-p',
      `127.0.0.1:${demoPort}:${demoPort}`,
      '-p',
      `127.0.0.1:${signerPort}:${signerPort}`,
      '-e',
      `DEMO_PORT=${demoPort}`,
      '-e',
      `SIGNER_PORT=${signerPort}`,
      IMAGE,
      'node',
      'dist/demo.mjs',
    ],
    { label: 'demo_run' },
  )
  const shop = `http://127.0.0.1:${demoPort}`
  const signer = `http://127.0.0.1:${signerPort}`
  await waitFor(
    () =>
      fetch(shop).then(
        (r) => r.ok,
        () => false,
      ),
    () => `the demo shop did not answer:\n${podman(['logs', name])}`,
  )
  timings.demo_ready = Number(((Date.now() - started) / 1000).toFixed(1))
  assert.match(podman(['logs', name]), new RegExp(`Demo shop: +${shop}`))

  const page = await (await fetch(shop)).text()
  assert.ok(page.includes(`<meta name="eftpay-signer" content="${signer}">`), page)
  const src = /<script type="module"[^>]*\ssrc="([^"]*eftpay-button\.js)"/.exec(page)?.[1]
  assert.ok(src, 'the shop page has no widget script')
  const widget = await fetch(new URL(src, shop))
  assert.equal(widget.status, 200)
  const fromSigner = await fetch(`${signer}/widget/eftpay-button.js`)
  assert.equal(fromSigner.status, 200)
  assert.equal(
    await widget.text(),
    await fromSigner.text(),
    'the shop and its signer serve one widget build',
  )
  assert.equal((await fetch(`${shop}/assets/css/base.css`)).status, 200)

  // One order the way the shop's page pays it: the shop's backend creates the session, the
  // browser starts the payment at the signer, the shopper pays on the sandbox's page.
  const checkout = await fetch(`${shop}/api/checkout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ lines: [{ sku: 'milk-tea', quantity: 2 }] }),
  })
  assert.equal(checkout.status, 201, await checkout.clone().text())
  const order = await checkout.json()
  const payment = await fetch(`${signer}/v1/sessions/${order.session_id}/payments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: shop },
    body: JSON.stringify({
      client_secret: order.client_secret,
      wallet: 'ALIPAYHK',
      device: { os: 'others', mobile: false, in_app: 'none' },
    }),
  })
  assert.equal(payment.status, 201, await payment.clone().text())
  const payPage = (await payment.json()).next_action.url
  assert.ok(payPage.startsWith(`${signer}/sandbox/pay/`), payPage)
  const paid = await fetch(payPage, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'outcome=success',
    redirect: 'manual',
  })
  assert.ok(paid.status < 400, `the sandbox pay page answered ${paid.status}`)
  // Paid, and the signer's webhook reached the shop's backend, which verified it.
  await waitFor(
    async () => {
      const seen = await (await fetch(`${shop}/api/orders/${order.session_id}`)).json()
      const { events } = await (await fetch(`${shop}/api/orders`)).json()
      return seen.status === 'paid' && events.some((e) => e.session_id === order.session_id)
    },
    () => `the demo order is not paid with its webhook received:\n${podman(['logs', name])}`,
  )
  const seen = await (await fetch(`${shop}/api/orders/${order.session_id}`)).json()
  assert.equal(seen.amount_paid, order.amount)

  podman(['stop', '-t', '20', name], { label: 'demo_stop' })
  assert.equal(podman(['inspect', '--format', '{{.State.ExitCode}}', name]).trim(), '0')
  timings.demo = Number(((Date.now() - started) / 1000).toFixed(1))
})

/** docs/deploy.md's compose file (its `compose:replicas` block), as a reader would save it. */
function composeBlock() {
  const doc = readFileSync(join(root, 'docs/deploy.md'), 'utf8')
  const block = /<!-- compose:replicas -->\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1]
  assert.ok(block, 'docs/deploy.md has no compose:replicas block')
  return block
}

/** Polls `check` (sync or async) until it is true, for at most 60 s; then fails with `explain()`. */
async function waitFor(check, explain) {
  const deadline = Date.now() + 60_000
  while (!(await check())) {
    assert.ok(Date.now() < deadline, explain())
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}
